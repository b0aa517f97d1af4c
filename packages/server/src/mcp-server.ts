import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { INSTRUCTIONS } from './instructions.js';
import { registerListDirectory } from './tools/list-directory.js';
import { registerReadFile } from './tools/read-file.js';
import { registerExecuteCode } from './tools/execute-code.js';
import { registerWorkspaceResources } from './resources.js';
import { VERSION } from './version.js';
import type { Runbyte } from './runbyte.js';

/** One MCP server (one client session) exposing the three Runbyte tools over a shared Runbyte. */
export function createMcpServer(runbyte: Runbyte): McpServer {
  const server = new McpServer({ name: 'runbyte', version: VERSION }, { instructions: INSTRUCTIONS });
  registerListDirectory(server, runbyte);
  registerReadFile(server, runbyte);
  registerExecuteCode(server, runbyte);
  registerWorkspaceResources(server, runbyte);
  return server;
}
