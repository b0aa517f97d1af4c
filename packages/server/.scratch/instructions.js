// Sent to every client on every session and often kept in the model's context for the whole
// conversation: every word costs every user on every request, so keep this short and exact.
export const INSTRUCTIONS = `Runbyte exposes MCP servers as typed TypeScript functions; write code that calls them instead of calling tools one by one.

Discover: list_directory "/servers" (one folder per server; withDescriptions: true adds tool summaries), then read_file "/servers/<server>/<tool>.ts" for exact argument and result types.

Run: execute_code with a module exporting \`async function exec()\`. Only exec()'s return value (JSON) and console output come back, so filter and summarise inside the code. Example:
import * as memory from './servers/memory';
export async function exec() { const g = await memory.readGraph({}); return g.entities.length; }

Each function takes one args object and resolves to the tool's structuredContent, else its text parsed as JSON (or the raw text), else the content array; a tool error throws.

Persist files across executions in /workspace with \`import { readFile, writeFile, listFiles } from '@runbyte/fs'\`.`;
