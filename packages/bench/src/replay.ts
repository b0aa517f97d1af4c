import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { RecordedTool } from './catalogue.js';
import { cannedReply } from './canned.js';

/** One replay MCP server: the SDK's low-level Server, so tools/list answers the recorded definitions
 * verbatim (no schema is re-derived or reshaped), and calls answer a canned reply after `delayMs`. */
export function createReplayServer(name: string, tools: RecordedTool[], delayMs = 0): Server {
  const known = new Set(tools.map((t) => t.name));
  const server = new Server({ name: `replay-${name}`, version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name: tool, arguments: args = {} } = request.params;
    if (!known.has(tool)) return { content: [{ type: 'text', text: `Unknown tool: ${tool}` }], isError: true };
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        extra.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return cannedReply(tool, args);
  });
  return server;
}
