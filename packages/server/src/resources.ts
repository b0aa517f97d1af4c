// The workspace (saved results included) as MCP resources: runbyte://workspace/<path>.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ClientView } from './internals.js';
import { workspaceUri } from './results.js';

function mimeType(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.ts')) return 'text/x-typescript';
  return 'text/plain';
}

export function registerWorkspaceResources(server: McpServer, runbyte: ClientView): void {
  server.registerResource(
    'workspace',
    new ResourceTemplate('runbyte://workspace/{+path}', {
      list: async () => ({
        resources: (await runbyte.workspaceFiles()).map((file) => ({
          uri: workspaceUri(file.path),
          name: file.path,
          mimeType: mimeType(file.path),
          size: file.size,
        })),
      }),
    }),
    {
      title: 'Workspace files',
      description: 'Files the agent saved in /workspace, including results/ of large executions.',
    },
    async (uri, { path }) => {
      const relative = decodeURIComponent(String(path));
      const text = await runbyte.readFile(`/workspace/${relative}`);
      return { contents: [{ uri: uri.href, mimeType: mimeType(relative), text }] };
    },
  );
}
