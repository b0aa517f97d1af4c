import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Runbyte } from '../runbyte.js';
import { messageOf } from '../errors.js';
import { errorResult } from './result.js';

export function registerReadFile(server: McpServer, runbyte: Runbyte): void {
  server.registerTool(
    'read_file',
    {
      title: 'Read file',
      description: 'Read a file.',
      inputSchema: { path: z.string() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }) => {
      try {
        const content = await runbyte.readFile(path);
        // The file is the text; a structuredContent copy would make clients that forward both pay twice.
        return { content: [{ type: 'text', text: content }] };
      } catch (error) {
        return errorResult(`Cannot read ${JSON.stringify(path)}: ${messageOf(error)}`);
      }
    },
  );
}
