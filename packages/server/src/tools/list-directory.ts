import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ClientView } from '../internals.js';
import { messageOf } from '../errors.js';
import { errorResult } from './result.js';

const entry = z.object({
  name: z.string(),
  type: z.enum(['file', 'directory']),
  description: z.string().optional(),
});

export function registerListDirectory(server: McpServer, runbyte: ClientView): void {
  server.registerTool(
    'list_directory',
    {
      title: 'List directory',
      description: 'List a folder, or search with query.',
      inputSchema: {
        path: z.string().default('/'),
        withDescriptions: z.boolean().optional(),
        query: z.string().optional(),
      },
      outputSchema: { path: z.string(), entries: z.array(entry) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path, withDescriptions, query }) => {
      try {
        // A query at / searches the server functions and the saved skills.
        const listing = await runbyte.listDirectory(path, {
          ...(withDescriptions === undefined ? {} : { withDescriptions }),
          ...(query === undefined ? {} : { query }),
        });
        // The VFS decides what an entry's description holds: tool summaries only when asked for, but
        // always a server's function count or why it is unavailable.
        const entries = listing.entries.map((e) => {
          const out: z.infer<typeof entry> = { name: e.name, type: e.type };
          if (e.description) out.description = e.description;
          return out;
        });
        return {
          content: [{ type: 'text', text: listing.text }],
          structuredContent: { path: listing.path, entries },
        };
      } catch (error) {
        return errorResult(`Cannot list ${JSON.stringify(path)}: ${messageOf(error)}`);
      }
    },
  );
}
