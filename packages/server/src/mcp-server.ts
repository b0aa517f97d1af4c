import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { INSTRUCTIONS } from './instructions.js';
import { registerListDirectory } from './tools/list-directory.js';
import { registerReadFile } from './tools/read-file.js';
import { registerExecuteCode } from './tools/execute-code.js';
import { registerWorkspaceResources } from './resources.js';
import { VERSION } from './version.js';
import type { Runbyte } from './runbyte.js';

type ListHandler = (request: unknown, extra: unknown) => Promise<ListToolsResult>;

function withoutSchemaKeyword<T extends Record<string, unknown>>(schema: T): T {
  const { $schema: _dropped, ...rest } = schema;
  return rest as T;
}

/**
 * tools/list without the `$schema` line the SDK puts in every schema: clients do not need it and every
 * session pays ~14 tokens a schema for it. The SDK keeps its handler in a private map, so this wraps
 * it where it is; if that map ever moves, tools/list stays the SDK's own (and the budget test fails).
 */
function dropSchemaKeyword(server: McpServer): void {
  const handlers = server.server['_requestHandlers'] as Map<string, ListHandler> | undefined;
  const original = handlers?.get('tools/list');
  if (!handlers || !original) return;
  handlers.set('tools/list', async (request, extra) => {
    const result = await original(request, extra);
    return {
      ...result,
      tools: result.tools.map((tool) => {
        const out = { ...tool, inputSchema: withoutSchemaKeyword(tool.inputSchema) };
        if (tool.outputSchema) out.outputSchema = withoutSchemaKeyword(tool.outputSchema);
        return out;
      }),
    };
  });
}

/** One MCP server (one client session) exposing the three Runbyte tools over a shared Runbyte. */
export function createMcpServer(runbyte: Runbyte): McpServer {
  const server = new McpServer(
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
  dropSchemaKeyword(server);
  return server;
}
