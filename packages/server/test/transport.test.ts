// The transports and the MCP surface, over a stand-in for the pipeline: these tests need only the
// SDK and node:http, so they pin the HTTP, session, security and result-shape behaviour independently
// of hub, vfs, bundler and sandbox (which tools.test.ts, http.test.ts and stdio.test.ts drive for real).
import { request } from 'node:http';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runbyte } from '../src/runbyte.js';
import type { ExecuteOptions, ExecuteOutcome } from '../src/execute.js';
import { createMcpServer } from '../src/mcp-server.js';
import { setInternals, type ClientView } from '../src/internals.js';
import { serveHttp, type HttpServerHandle } from '../src/http.js';
import { serveStdio } from '../src/stdio.js';
import { connectInMemory, textOf, waitFor } from './helpers.js';
import { initializeBody, rawRequest } from './http-helpers.js';

const state = { running: 0, aborted: 0 };

/** Code "wait" runs until aborted; code "fail" fails at a line; anything else returns its length. */
async function executeCode(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
  const base = { logs: [{ level: 'log' as const, message: `got ${code.length} chars` }], durationMs: 5, toolCalls: [] };
  if (code === 'fail') {
    return {
      ok: false,
      phase: 'runtime',
      message: 'boom',
      location: { file: 'agent.ts', line: 3, column: 9 },
      frame: '> 3 |   throw new Error("boom");',
      ...base,
    };
  }
  if (code !== 'wait') return { ok: true, result: { length: code.length }, ...base };
  state.running++;
  const timer = setInterval(() => options.onProgress?.({ elapsedMs: 1_000, toolCalls: 2 }), 50);
  try {
    await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve()));
    state.aborted++;
    return { ok: false, phase: 'aborted', message: 'The execution was cancelled.', ...base };
  } finally {
    clearInterval(timer);
    state.running--;
  }
}

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const view: ClientView = {
  logger,
  listDirectory: async (path = '/') => {
    if (path !== '/') throw new Error(`no such directory: ${path}`);
    return {
      path,
      entries: [{ name: 'servers', type: 'directory', description: 'TypeScript functions of 1 MCP server' }],
      text: '/\n└── servers/',
    };
  },
  readFile: async (path: string) => {
    if (path !== '/servers/index.ts') throw new Error(`no such file: ${path}`);
    return "export * as memory from './memory/index.js';\n";
  },
  executeCode,
  workspaceFiles: async () => [],
};
const standIn = {
  ...view,
  servers: () => [{ name: 'memory', status: 'ready', tools: [{}, {}], toolsVersion: 1 }],
  createMcpServer: () => createMcpServer(view),
  close: async () => {},
} as unknown as Runbyte;
setInternals(standIn, { config: { mcpServers: {} }, logger, createMcpServer: () => createMcpServer(view) });

const waitCode = { name: 'execute_code', arguments: { code: 'wait' } };

describe('MCP surface', () => {
  it('returns text and structuredContent that pass the SDK client validation, on success and failure', async () => {
    const client = await connectInMemory(standIn);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['list_directory', 'read_file', 'execute_code']);

    const listing = (await client.callTool({ name: 'list_directory', arguments: {} })) as CallToolResult;
    expect(listing.structuredContent).toEqual({
      path: '/',
      entries: [{ name: 'servers', type: 'directory', description: 'TypeScript functions of 1 MCP server' }],
    });
    const read = (await client.callTool({
      name: 'read_file',
      arguments: { path: '/servers/index.ts' },
    })) as CallToolResult;
    expect(read.structuredContent).toBeUndefined();
    expect(textOf(read)).toContain('memory');

    const ok = (await client.callTool({ name: 'execute_code', arguments: { code: 'abc' } })) as CallToolResult;
    expect(textOf(ok)).toBe('{"length":3}\n\nconsole:\ngot 3 chars');
    expect(ok.structuredContent).toEqual({
      result: { length: 3 },
      logs: [{ level: 'log', message: 'got 4 chars'.replace('4', '3') }],
      durationMs: 5,
      toolCalls: [],
    });

    const failed = (await client.callTool({ name: 'execute_code', arguments: { code: 'fail' } })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toBe(
      'Runtime error (runtime) at agent.ts:3:9: boom\n> 3 |   throw new Error("boom");\n\nconsole:\ngot 4 chars',
    );
    expect(failed.structuredContent).toMatchObject({
      result: null,
      error: { phase: 'runtime', line: 3, frame: expect.any(String) },
    });

    const missing = (await client.callTool({ name: 'read_file', arguments: { path: '/nope' } })) as CallToolResult;
    expect(missing).toMatchObject({ isError: true });
    expect(textOf(missing)).toContain('/nope');
    const badType = (await client.callTool({ name: 'read_file', arguments: { path: 7 } })) as CallToolResult;
    expect(badType.isError).toBe(true);
    await client.close();
  });

  it('sends increasing progress notifications while an execution runs', async () => {
    const client = await connectInMemory(standIn);
    const controller = new AbortController();
    const progress: { progress: number; message?: string }[] = [];
    const pending = client.callTool(waitCode, undefined, {
      signal: controller.signal,
      onprogress: (p) => progress.push(p),
    });
    await waitFor(() => progress.length >= 3, 'three progress notifications');
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(progress[0]!.message).toBe('running for 1 s, 2 tool calls so far');
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => progress[0]!.progress + i));
    await client.close();
  });
});

describe('HTTP over a stand-in pipeline', () => {
  let http: HttpServerHandle;
  beforeAll(async () => {
    http = await serveHttp(standIn, { port: 0 });
  });
  afterAll(async () => {
    await http?.close();
  });

  it('cancels on notifications/cancelled and ends that request stream', async () => {
    const init = await rawRequest(http.url, { body: initializeBody });
    const headers = {
      'mcp-session-id': init.headers['mcp-session-id'] as string,
      'mcp-protocol-version': '2025-06-18',
    };
    await rawRequest(http.url, { headers, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    const aborted = state.aborted;
    const pending = rawRequest(http.url, {
      headers,
      body: { jsonrpc: '2.0', id: 9, method: 'tools/call', params: waitCode },
    });
    await waitFor(() => state.running > 0, 'the execution to start');
    await rawRequest(http.url, {
      headers,
      body: { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } },
    });
    await waitFor(() => state.aborted > aborted, 'the execution to be aborted');
    // the stream of the cancelled request ends instead of hanging
    await pending;
    await rawRequest(http.url, { method: 'DELETE', headers });
  });

  it('cancels when the client disconnects mid-request', async () => {
    const init = await rawRequest(http.url, { body: initializeBody });
    const headers = {
      'mcp-session-id': init.headers['mcp-session-id'] as string,
      'mcp-protocol-version': '2025-06-18',
    };
    await rawRequest(http.url, { headers, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    const aborted = state.aborted;
    const req = request(http.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    });
    req.on('error', () => {});
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: waitCode }));
    await waitFor(() => state.running > 0, 'the execution to start');
    req.destroy();
    await waitFor(() => state.aborted > aborted, 'the execution to be aborted');
    const ended = await rawRequest(http.url, { method: 'DELETE', headers });
    expect(ended.status).toBe(200);
    expect(http.sessions).toBe(0);
  });

  it('expires an idle session and answers its id with 404', async () => {
    const short = await serveHttp(standIn, { port: 0, sessionTtlMs: 200 });
    try {
      const init = await rawRequest(short.url, { body: initializeBody });
      expect(short.sessions).toBe(1);
      await waitFor(() => short.sessions === 0, 'the session to expire');
      const stale = await rawRequest(short.url, {
        headers: { 'mcp-session-id': init.headers['mcp-session-id'] as string, 'mcp-protocol-version': '2025-06-18' },
        body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      });
      expect(stale.status).toBe(404);
    } finally {
      await short.close();
    }
  });

  it('serves stateless requests without sessions and refuses GET', async () => {
    const stateless = await serveHttp(standIn, { port: 0, stateless: true });
    try {
      const init = await rawRequest(stateless.url, { body: initializeBody });
      expect(init.status).toBe(200);
      expect(init.headers['mcp-session-id']).toBeUndefined();
      const call = await rawRequest(stateless.url, {
        headers: { 'mcp-protocol-version': '2025-06-18' },
        body: {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'execute_code', arguments: { code: 'abcd' } },
        },
      });
      expect(call.text).toContain('{\\"length\\":4}');
      expect((await rawRequest(stateless.url, { method: 'GET' })).status).toBe(405);
      expect(stateless.sessions).toBe(0);
    } finally {
      await stateless.close();
    }
  });

  it('guards Host, Origin and the token, and keeps /health open with the status alone, the report for the token, free of secrets', async () => {
    expect((await rawRequest(http.url, { headers: { host: 'evil.example.com' }, body: initializeBody })).status).toBe(
      403,
    );
    expect(
      (await rawRequest(http.url, { headers: { origin: 'https://evil.example.com' }, body: initializeBody })).status,
    ).toBe(403);
    const guarded = await serveHttp(standIn, { port: 0, authToken: 's3cret-token' });
    try {
      const missing = await rawRequest(guarded.url, { body: initializeBody });
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toContain('Bearer realm="runbyte"');
      expect(
        (await rawRequest(guarded.url, { headers: { authorization: 'Bearer wrong' }, body: initializeBody })).status,
      ).toBe(401);
      const ok = await rawRequest(guarded.url, {
        headers: { authorization: 'Bearer s3cret-token' },
        body: initializeBody,
      });
      expect(ok.status).toBe(200);
      const anonymous = await rawRequest(guarded.url.replace('/mcp', '/health'), { method: 'GET' });
      expect(anonymous.status).toBe(200);
      expect(anonymous.json()).toEqual({ status: 'ok' });
      const health = await rawRequest(guarded.url.replace('/mcp', '/health'), {
        method: 'GET',
        headers: { authorization: 'Bearer s3cret-token' },
      });
      expect(health.status).toBe(200);
      expect(health.json()).toMatchObject({
        status: 'ok',
        ready: true,
        servers: [{ name: 'memory', status: 'ready', tools: 2 }],
      });
      expect(health.text).not.toContain('s3cret');
    } finally {
      await guarded.close();
    }
  });
});

describe('stdio over a stand-in pipeline', () => {
  it('writes only JSON-RPC to stdout and aborts running work when stdin ends', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const lines: string[] = [];
    createInterface({ input: stdout }).on('line', (line) => lines.push(line));
    const handle = await serveStdio(standIn, { stdin, stdout });
    stdin.write(`${JSON.stringify(initializeBody)}\n`);
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    const aborted = state.aborted;
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: waitCode })}\n`);
    await waitFor(() => state.running > 0, 'the execution to start');
    stdin.end();
    await handle.closed;
    await waitFor(() => state.aborted > aborted, 'the execution to be aborted');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
  });
});
