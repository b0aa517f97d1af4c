import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Server as McpServer } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createHub, HubError, type Hub } from '../src/index.js';
import { textOf } from './support/servers.js';

/** A hostile MCP server: `huge` answers with `mib` MiB of text, `small` with a few bytes. */
function hostileServer(): McpServer {
  const server = new McpServer({ name: 'hostile', version: '1.0.0' }, { capabilities: { tools: {} } });
  const object = { type: 'object' as const, properties: { mib: { type: 'number' } } };
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      { name: 'huge', inputSchema: object },
      { name: 'small', inputSchema: { type: 'object' as const } },
      { name: 'proto', inputSchema: { type: 'object' as const } },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, ({ params }) => ({
    content: [
      {
        type: 'text' as const,
        text:
          params.name === 'huge'
            ? 'x'.repeat(Number(params.arguments?.mib) * 1024 * 1024)
            : params.name === 'proto'
              ? 'proto answer'
              : 'small',
      },
    ],
  }));
  return server;
}

/**
 * The SDK's server drops a "__proto__" key while validating a result; a hostile server built without it
 * would not: the `proto` tool's answer gets one written into the message the transport sends.
 */
function withProtoKey<T extends { send: (message: never, options?: never) => Promise<void> }>(transport: T): T {
  const send = transport.send.bind(transport) as (message: unknown, options?: unknown) => Promise<void>;
  (transport as { send: unknown }).send = (message: unknown, options?: unknown) => {
    const text = JSON.stringify(message);
    return send(
      text.includes('"proto answer"')
        ? JSON.parse(text.replace('"result":{', '"result":{"__proto__":{"x":1},'))
        : message,
      options,
    );
  };
  return transport;
}

/** Streamable HTTP at /json (JSON bodies) and /stream (an SSE stream per POST); legacy SSE at /sse. */
async function startHostileHttp(): Promise<{ origin: string; close(): Promise<void> }> {
  const sessions = new Map<string, StreamableHTTPServerTransport | SSEServerTransport>();
  const http: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = (req.headers['mcp-session-id'] as string | undefined) ?? url.searchParams.get('sessionId');
    const known = id ? sessions.get(id) : undefined;
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = withProtoKey(new SSEServerTransport('/messages', res));
      sessions.set(transport.sessionId, transport);
      await hostileServer().connect(transport);
      return;
    }
    if (url.pathname === '/messages' && known instanceof SSEServerTransport) return known.handlePostMessage(req, res);
    if (known instanceof StreamableHTTPServerTransport) return known.handleRequest(req, res);
    const transport = withProtoKey(
      new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: url.pathname === '/json',
        onsessioninitialized: (sid) => void sessions.set(sid, transport),
      }),
    );
    await hostileServer().connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

describe('a tool result over the limit from an HTTP server', () => {
  let server: Awaited<ReturnType<typeof startHostileHttp>>;
  let hub: Hub;

  beforeAll(async () => {
    server = await startHostileHttp();
    hub = createHub(
      {
        json: { type: 'http', url: `${server.origin}/json` },
        stream: { type: 'http', url: `${server.origin}/stream` },
        sse: { type: 'sse', url: `${server.origin}/sse` },
      },
      { maxResultBytes: 1024 * 1024, backoff: { initialMs: 60_000 } },
    );
    await hub.start();
  });

  afterAll(async () => {
    await hub?.close();
    await server?.close();
  });

  for (const name of ['json', 'stream', 'sse']) {
    it(`fails only that call with its size over ${name}; the next call on the server works`, async () => {
      expect(hub.server(name)).toMatchObject({ status: 'ready' });
      const error = (await hub.callTool(name, 'huge', { mib: 12 }).catch((e: unknown) => e)) as HubError;
      expect(error).toBeInstanceOf(HubError);
      expect(error.code).toBe('REQUEST_FAILED');
      expect(error.message).toMatch(
        new RegExp(
          `^The result of ${name}/huge is too large: its answer is 12(\\.0)? MiB, over the limit of 1(\\.0)? MiB .*raise server\\.maxResultMb\\.$`,
        ),
      );
      expect(textOf(await hub.callTool(name, 'small', {}))).toBe('small');
      expect(hub.server(name)).toMatchObject({ status: 'ready' });
    }, 60_000);
  }

  it('refuses an answer with a "__proto__" key for that call (the SDK would drop the key silently)', async () => {
    for (const name of ['json', 'stream', 'sse']) {
      const error = (await hub.callTool(name, 'proto', {}).catch((e: unknown) => e)) as HubError;
      expect(error, name).toBeInstanceOf(HubError);
      expect(error.message).toContain('a key named "__proto__" (at result.__proto__)');
      expect(textOf(await hub.callTool(name, 'small', {}))).toBe('small');
    }
  }, 60_000);

  it('passes a result under the limit whole', async () => {
    for (const name of ['json', 'stream', 'sse'])
      expect(textOf(await hub.callTool(name, 'huge', { mib: 0.5 }))).toHaveLength(512 * 1024);
  }, 60_000);
});
