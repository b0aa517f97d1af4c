import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { HttpServerHandle, Logger, Runbyte } from '../src/index.js';
import { labServer, tempDir, textOf, waitFor, type TempDir } from './helpers.js';
import { connectHttp, initializeBody, rawRequest } from './http-helpers.js';
import { createRunbyte, serveHttp } from '../src/index.js';

let dir: TempDir;
let runbyte: Runbyte;
let http: HttpServerHandle;

const labCode = (body: string) => `import * as lab from './servers/lab';\nexport async function exec() { ${body} }`;

beforeAll(async () => {
  dir = tempDir('http');
  runbyte = await createRunbyte({
    mcpServers: {
      lab: labServer(),
      broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
    },
    server: { workspaceDir: dir.path },
  });
  http = await serveHttp(runbyte, { port: 0 });
});

afterAll(async () => {
  await http?.close();
  await runbyte?.close();
  dir?.remove();
});

async function labStats(): Promise<{ running: number; cancelled: number; completed: number; pid: number }> {
  return JSON.parse(textOf(await runbyte.callTool('lab', 'stats', {})));
}

describe('stateful Streamable HTTP', () => {
  it('binds loopback and serves a session on /mcp, ended by DELETE', async () => {
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { client, transport } = await connectHttp(http.url);
    const sessionId = transport.sessionId!;
    expect(sessionId).toBeTruthy();
    expect(http.sessions).toBe(1);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(3);
    const result = (await client.callTool({
      name: 'execute_code',
      arguments: { code: 'export async function exec() { return 6 * 7; }' },
    })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ result: 42 });

    await transport.terminateSession();
    await client.close();
    expect(http.sessions).toBe(0);
    const stale = await rawRequest(http.url, {
      headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    });
    expect(stale.status).toBe(404);
    expect(stale.json().error.message).toMatch(/session/i);
  });

  it('serves the same endpoint on /', async () => {
    const { client } = await connectHttp(http.url.replace(/\/mcp$/, '/'));
    expect((await client.listTools()).tools).toHaveLength(3);
    await client.close();
  });

  it('rejects a request without a session that is not initialize', async () => {
    const response = await rawRequest(http.url, { body: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
    expect(response.status).toBe(400);
    expect(response.json().error.message).toMatch(/initialize/);
  });

  it('serves two clients at once from one hub (one downstream process)', async () => {
    const a = await connectHttp(http.url);
    const b = await connectHttp(http.url);
    const code = labCode('const s = await lab.sleep({ ms: 200 }); return (await lab.stats({})).pid;');
    const [ra, rb] = (await Promise.all([
      a.client.callTool({ name: 'execute_code', arguments: { code } }),
      b.client.callTool({ name: 'execute_code', arguments: { code } }),
    ])) as CallToolResult[];
    const pidA = (ra!.structuredContent as { result: number }).result;
    const pidB = (rb!.structuredContent as { result: number }).result;
    expect(typeof pidA).toBe('number');
    expect(pidB).toBe(pidA);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('cancels the downstream call when the client cancels its request', async () => {
    const { client } = await connectHttp(http.url);
    const before = await labStats();
    const controller = new AbortController();
    const pending = client.callTool(
      { name: 'execute_code', arguments: { code: labCode('return lab.sleep({ ms: 20000 });') } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    await waitFor(async () => (await labStats()).running > before.running, 'the downstream call to start');
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(async () => (await labStats()).cancelled > before.cancelled, 'the downstream call to be cancelled');
    await client.close();
  });

  it('cancels the downstream call when the client disconnects mid-request', async () => {
    const init = await rawRequest(http.url, { body: initializeBody });
    const sessionId = init.headers['mcp-session-id'] as string;
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    await rawRequest(http.url, { headers, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    const before = await labStats();
    const req = request(http.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    });
    req.on('error', () => {});
    req.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'execute_code', arguments: { code: labCode('return lab.sleep({ ms: 20000 });') } },
      }),
    );
    await waitFor(async () => (await labStats()).running > before.running, 'the downstream call to start');
    req.destroy();
    await waitFor(async () => (await labStats()).cancelled > before.cancelled, 'the downstream call to be cancelled');
    await rawRequest(http.url, { method: 'DELETE', headers });
  });
});

describe('session expiry', () => {
  it('closes a session idle for longer than sessionTtlMs', async () => {
    const short = await serveHttp(runbyte, { port: 0, sessionTtlMs: 300 });
    try {
      // Raw requests: the SDK client keeps a GET stream open, and an open stream keeps a session alive.
      const init = await rawRequest(short.url, { body: initializeBody });
      const sessionId = init.headers['mcp-session-id'] as string;
      expect(short.sessions).toBe(1);
      await waitFor(() => short.sessions === 0, 'the idle session to expire', 10_000);
      const stale = await rawRequest(short.url, {
        headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
        body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      });
      expect(stale.status).toBe(404);
    } finally {
      await short.close();
    }
  });

  it('keeps a session alive while the client holds a stream open', async () => {
    const short = await serveHttp(runbyte, { port: 0, sessionTtlMs: 300 });
    try {
      const { client } = await connectHttp(short.url);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(short.sessions).toBe(1);
      expect((await client.listTools()).tools).toHaveLength(3);
      await client.close();
    } finally {
      await short.close();
    }
  });
});

describe('stateless Streamable HTTP', () => {
  it('answers every request with a fresh server and no session', async () => {
    const stateless = await serveHttp(runbyte, { port: 0, stateless: true });
    try {
      const { client, transport } = await connectHttp(stateless.url);
      expect(transport.sessionId).toBeUndefined();
      const result = (await client.callTool({
        name: 'execute_code',
        arguments: { code: labCode('return (await lab.sleep({ ms: 10 })).slept;') },
      })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ result: 10 });
      expect(stateless.sessions).toBe(0);
      const get = await rawRequest(stateless.url, { method: 'GET' });
      expect(get.status).toBe(405);
      await client.close();
    } finally {
      await stateless.close();
    }
  });
});

describe('security', () => {
  it('rejects a foreign Host header with 403 and a JSON-RPC error (DNS rebinding)', async () => {
    const response = await rawRequest(http.url, { headers: { host: 'evil.example.com' }, body: initializeBody });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    const health = await rawRequest(http.url.replace('/mcp', '/health'), {
      method: 'GET',
      headers: { host: 'evil.example.com:80' },
    });
    expect(health.status).toBe(403);
  });

  it('rejects a foreign Origin and accepts a loopback one', async () => {
    const foreign = await rawRequest(http.url, {
      headers: { origin: 'http://evil.example.com' },
      body: initializeBody,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.json().error.message).toContain('Origin');
    const local = await rawRequest(http.url, { headers: { origin: 'http://localhost:6274' }, body: initializeBody });
    expect(local.status).toBe(200);
    await rawRequest(http.url, {
      method: 'DELETE',
      headers: { 'mcp-session-id': local.headers['mcp-session-id'] as string },
    });
  });

  it('accepts hosts and origins listed in the options', async () => {
    const listed = await serveHttp(runbyte, {
      port: 0,
      allowedHosts: ['mcp.example.com'],
      allowedOrigins: ['https://app.example.com'],
    });
    try {
      const ok = await rawRequest(listed.url, {
        method: 'GET',
        headers: { host: 'mcp.example.com:8080', origin: 'https://app.example.com' },
      });
      expect(ok.status).not.toBe(403);
      const loopbackHost = await rawRequest(listed.url, { body: initializeBody });
      expect(loopbackHost.status).toBe(403);
    } finally {
      await listed.close();
    }
  });

  it('requires the bearer token when one is set', async () => {
    const guarded = await serveHttp(runbyte, { port: 0, authToken: 'correct-horse-battery-staple' });
    try {
      const missing = await rawRequest(guarded.url, { body: initializeBody });
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(missing.json().error.message).toContain('Authorization: Bearer');
      const wrong = await rawRequest(guarded.url, {
        headers: { authorization: 'Bearer not-it' },
        body: initializeBody,
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toContain('invalid_token');

      const { client } = await connectHttp(guarded.url, { Authorization: 'Bearer correct-horse-battery-staple' });
      expect((await client.listTools()).tools).toHaveLength(3);
      await client.close();

      const health = await rawRequest(guarded.url.replace('/mcp', '/health'), { method: 'GET' });
      expect(health.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('warns loudly when bound beyond loopback without a token', async () => {
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (msg) => void warnings.push(msg) };
    const open = await serveHttp(runbyte, { host: '0.0.0.0', port: 0, logger });
    await open.close();
    expect(warnings.join('\n')).toMatch(/without an auth token/);
    const guarded = await serveHttp(runbyte, { host: '0.0.0.0', port: 0, logger, authToken: 'a-token' });
    await guarded.close();
    expect(warnings).toHaveLength(1);
  });

  it('names the port when it is already taken', async () => {
    await expect(serveHttp(runbyte, { port: http.port })).rejects.toMatchObject({ code: 'LISTEN_FAILED' });
  });
});

describe('/health', () => {
  it('reports readiness and each downstream server without secrets', async () => {
    const response = await rawRequest(http.url.replace('/mcp', '/health'), { method: 'GET' });
    expect(response.status).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ ready: true, status: 'degraded' });
    expect(report.servers).toHaveLength(2);
    expect(report.servers[0]).toMatchObject({ name: 'lab', status: 'ready', tools: expect.any(Number) });
    expect(report.servers[0].tools).toBeGreaterThanOrEqual(4);
    expect(report.servers[1]).toMatchObject({ name: 'broken', error: expect.any(String) });
    expect(report.servers[1].status).not.toBe('ready');
    expect(response.text).not.toContain(process.execPath);
  });

  it('answers the status alone without the token, the report with it', async () => {
    const guarded = await serveHttp(runbyte, { port: 0, authToken: 'health-token' });
    try {
      const url = guarded.url.replace('/mcp', '/health');
      const anonymous = await rawRequest(url, { method: 'GET' });
      expect(anonymous.status).toBe(200);
      expect(anonymous.json()).toEqual({ status: 'degraded' });
      const wrong = await rawRequest(url, { method: 'GET', headers: { authorization: 'Bearer nope' } });
      expect(wrong.json()).toEqual({ status: 'degraded' });
      const holder = await rawRequest(url, { method: 'GET', headers: { authorization: 'Bearer health-token' } });
      expect(holder.status).toBe(200);
      expect(holder.json()).toMatchObject({ status: 'degraded', ready: true, servers: expect.any(Array) });
      expect(holder.json().servers[1]).toMatchObject({ name: 'broken', error: expect.any(String) });
    } finally {
      await guarded.close();
    }
  });
});
