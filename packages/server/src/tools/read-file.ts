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
      description:
        "Read a file of the virtual filesystem, e.g. /servers/github/createIssue.ts for a tool's exact argument and result types.",
      inputSchema: { path: z.string().describe('Absolute path of a file.') },
      outputSchema: { path: z.string(), content: z.string() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }) => {
      try {
        const content = await runbyte.readFile(path);
        return { content: [{ type: 'text', text: content }], structuredContent: { path, content } };
      } catch (error) {
        return errorResult(`Cannot read ${JSON.stringify(path)}: ${messageOf(error)}`);
      }
    },
  );
}
