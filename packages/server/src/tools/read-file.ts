import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ClientView } from '../internals.js';
import { messageOf } from '../errors.js';
import { errorResult } from './result.js';

export function registerReadFile(server: McpServer, runbyte: ClientView): void {
  server.registerTool(
    'read_file',
    {
      title: 'Read file',
      description: 'Read a file (offset, limit: lines).',
      inputSchema: {
        path: z.string(),
        offset: z.number().optional(),
        limit: z.number().optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path, offset, limit }) => {
      try {
        const whole = await runbyte.readFile(path);
        // The file is the text; a structuredContent copy would make clients that forward both pay twice.
        if (offset === undefined && limit === undefined) return { content: [{ type: 'text', text: whole }] };
        return page(
          path,
          whole,
          Math.max(1, Math.floor(offset ?? 1)),
          limit === undefined ? undefined : Math.max(1, Math.floor(limit)),
        );
      } catch (error) {
        return errorResult(`Cannot read ${JSON.stringify(path)}: ${messageOf(error)}`);
      }
    },
  );
}

/** Lines `offset`..`offset + limit - 1` of the file, with where the next page starts. */
function page(path: string, whole: string, offset: number, limit: number | undefined): CallToolResult {
  const all = whole.split('\n');
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  const total = all.length;
  const from = Math.min(offset, total + 1);
  const to = Math.min(total, limit === undefined ? total : from + limit - 1);
  const content = all.slice(from - 1, to).join('\n');
  const next =
    to < total
      ? `Lines ${from}-${to} of ${total}. Next page: read_file with path ${JSON.stringify(path)}, offset ${to + 1}${limit === undefined ? '' : `, limit ${limit}`}.`
      : `Lines ${from}-${to} of ${total} (the end of the file).`;
  return {
    content: [{ type: 'text', text: `${content}\n\n${next}` }],
  };
}
