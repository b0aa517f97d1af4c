#!/usr/bin/env node
// The replay MCP server. Over stdio, one catalogue file:
//   node dist/replay-server.js --catalogue github [--name github-2] [--delay-ms 300]
// Over Streamable HTTP (stateless), the whole catalogue `--copies` times in one process, each server at
// /<name>/mcp; prints `listening <port>` on stdout once ready:
//   node dist/replay-server.js --http [--port 0] [--copies 10]
import { createServer } from 'node:http';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { catalogueServers, readCatalogue } from './catalogue.js';
import { createReplayServer } from './replay.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const delayMs = Number(flag('delay-ms') ?? 0);

if (process.argv.includes('--http')) {
  const servers = new Map(catalogueServers(Number(flag('copies') ?? 1)).map((s) => [s.name, s]));
  const http = createServer((req, res) => {
    const match = /^\/([^/]+)\/mcp\/?$/.exec(new URL(req.url ?? '/', 'http://replay').pathname);
    const entry = match ? servers.get(decodeURIComponent(match[1]!)) : undefined;
    if (!entry) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`no replay server here; known: /<name>/mcp for ${servers.size} servers`);
      return;
    }
    // Stateless: a fresh server and transport per request, as the SDK's stateless example does.
    const server = createReplayServer(entry.name, entry.tools, delayMs);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
  });
  http.listen(Number(flag('port') ?? 0), '127.0.0.1', () => {
    const address = http.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
} else {
  const catalogue = flag('catalogue');
  if (!catalogue) {
    process.stderr.write(
      'usage: replay-server --catalogue <name> [--name <server name>] [--delay-ms <ms>] | --http [--port <n>] [--copies <n>]\n',
    );
    process.exit(2);
  }
  await createReplayServer(flag('name') ?? catalogue, readCatalogue(catalogue), delayMs).connect(
    new StdioServerTransport(),
  );
}
