#!/usr/bin/env node
// A downstream MCP server that replays one recorded catalogue file over stdio: tools/list answers the
// recorded definitions verbatim (the SDK's low-level Server, so no schema is re-derived or reshaped),
// and every call answers a canned reply after an optional delay.
//
//   node dist/replay-server.js --catalogue github [--name github-2] [--delay-ms 300]
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { readCatalogue } from './catalogue.js';
import { cannedReply } from './canned.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const catalogue = flag('catalogue');
if (!catalogue) {
  process.stderr.write('usage: replay-server --catalogue <name> [--name <server name>] [--delay-ms <ms>]\n');
  process.exit(2);
}
const name = flag('name') ?? catalogue;
const delayMs = Number(flag('delay-ms') ?? 0);
const tools = readCatalogue(catalogue);
const known = new Set(tools.map((t) => t.name));

const server = new Server({ name: `replay-${name}`, version: '1.0.0' }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));

server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const { name: tool, arguments: args = {} } = request.params;
  if (!known.has(tool)) {
    return { content: [{ type: 'text', text: `Unknown tool: ${tool}` }], isError: true };
  }
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

await server.connect(new StdioServerTransport());
