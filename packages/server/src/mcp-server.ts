import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { INSTRUCTIONS } from './instructions.js';
import { registerListDirectory } from './tools/list-directory.js';
import { registerReadFile } from './tools/read-file.js';
import { registerExecuteCode } from './tools/execute-code.js';
import { registerWorkspaceResources } from './resources.js';
import { VERSION } from './version.js';
import { WithoutSchemaKeyword } from './schema-keyword.js';
import type { ClientView } from './internals.js';

/** The SDK's McpServer, connected through WithoutSchemaKeyword whatever the transport (stdio, HTTP). */
class RunbyteMcpServer extends McpServer {
  override connect(transport: Transport): Promise<void> {
    return super.connect(new WithoutSchemaKeyword(transport));
  }
}

/** One MCP server (one client session) exposing the three Runbyte tools over a shared Runbyte. */
export function createMcpServer(runbyte: ClientView): McpServer {
  const server = new RunbyteMcpServer(
    { name: 'runbyte', version: VERSION },
    {
      instructions: INSTRUCTIONS,
      // Downstream servers' log messages during an execution are passed on as notifications/message.
      capabilities: { logging: {} },
    },
  );
  registerListDirectory(server, runbyte);
  registerReadFile(server, runbyte);
  registerExecuteCode(server, runbyte);
  registerWorkspaceResources(server, runbyte);
  return server;
}
