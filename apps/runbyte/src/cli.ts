#!/usr/bin/env node
import { runCli } from './main.js';

// stdout is the JSON-RPC channel in stdio mode: anything a dependency prints by accident goes to stderr.
// The CLI's own output (exec results, ls, cat, --help) is written to process.stdout directly.
const toStderr = (...args: unknown[]): void => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

const code = await runCli(process.argv.slice(2));
process.exit(code);
