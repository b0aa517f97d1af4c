import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A downstream MCP server for pass-through and approval tests (hub and CLI): a destructive tool, tools
 * that report progress, log, elicit, and a slow one; every call and cancellation it sees is appended
 * to the file named by RECORD_FILE. Start it with `node`.
 */
export const PASS_THROUGH_SERVER = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'pass-through-server.mjs',
);
