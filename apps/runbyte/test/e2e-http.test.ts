// Runbyte as users run it for HTTP clients and Docker: `node dist/cli.js --transport http`.
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  httpClient as client,
  INSPECTOR_CLI,
  markedDemoServer,
  memoryServer,
  processesWith,
  sandboxDir,
  startHttp,
  waitFor,
  whyNotRunnable,
  type HttpProcess,
  type Sandbox,
} from './support/cli.js';

const notRunnable = await whyNotRunnable();
const TOKEN = 'e2e-token-0123456789abcdef';

function rawPost(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let box: Sandbox;
let server: HttpProcess;
const marker = `http-${process.pid}-${Date.now()}`;

describe.skipIf(notRunnable)('runbyte over Streamable HTTP', () => {
  beforeAll(async () => {
    box = sandboxDir('http');
    const config = box.writeConfig({
      mcpServers: { memory: memoryServer(box), demo: markedDemoServer(marker) },
      server: { workspaceDir: join(box.dir, 'ws') },
    });
    server = await startHttp(['--config', config], { ...box.env, RUNBYTE_AUTH_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    box.remove();
  });

  it('serves the tools to a client with the token, on /mcp and on /', async () => {
    for (const url of [server.url, `${server.origin}/`]) {
      const run = await client(url, TOKEN);
      expect(run.error).toBeUndefined();
      expect(run.tools?.sort()).toEqual(['execute_code', 'list_directory', 'read_file']);
    }
  });

  it('rejects a missing or wrong token with 401', async () => {
    expect((await rawPost(server.url, {})).status).toBe(401);
    expect((await rawPost(server.url, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await client(server.url, undefined)).error).toMatch(/401|Unauthorized/i);
    expect((await rawPost(server.url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('rejects a foreign Host header (DNS rebinding) with 403, even with the token', async () => {
    const response = await rawPost(server.url, { Host: 'evil.example.com', Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(403);
  });

  it('serves two clients at once, sharing the downstream servers', async () => {
    const create = (name: string) => ({
      tool: 'execute_code',
      args: {
        code: `import * as memory from './servers/memory';
export async function exec() {
  await memory.createEntities({ entities: [{ name: '${name}', entityType: 'client', observations: [] }] });
  return (await memory.readGraph({})).entities.map((e: { name: string }) => e.name);
}`,
      },
    });
    // server-memory rewrites its whole file on every change, so two concurrent writes can lose one:
    // one client writes first, then two clients at once each write and read, and both must see
    // the first write.
    const first = await client(server.url, TOKEN, [create('client-0')]);
    expect(first.results?.[0]?.isError, JSON.stringify(first.results)).toBeFalsy();
    const [a, b] = await Promise.all([
      client(server.url, TOKEN, [create('client-a')]),
      client(server.url, TOKEN, [create('client-b')]),
    ]);
    for (const run of [a, b]) {
      expect(run.error).toBeUndefined();
      expect(run.results?.[0]?.isError, JSON.stringify(run.results)).toBeFalsy();
    }
    // Both sessions saw the entity written through the first one: one memory server behind every session.
    const seen = [a, b].map((run) => (run.results![0]!.structuredContent as { result: string[] }).result);
    expect(seen[0]).toContain('client-0');
    expect(seen[1]).toContain('client-0');
    expect(processesWith(marker)).toHaveLength(1);
  });

  it('reports the status alone on /health without the token, each downstream server with it', async () => {
    expect(await (await fetch(`${server.origin}/health`)).json()).toEqual({ status: 'ok' });
    const authorized = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const health = (await (await fetch(`${server.origin}/health`, authorized)).json()) as {
      status: string;
      servers: { name: string; status: string; tools: number }[];
    };
    expect(health.status).toBe('ok');
    expect(health.servers.map((s) => [s.name, s.status])).toEqual([
      ['memory', 'ready'],
      ['demo', 'ready'],
    ]);
  });

  it('the MCP Inspector CLI lists and calls our tools over HTTP', async () => {
    const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          [INSPECTOR_CLI, server.url, '--transport', 'http', '--header', `Authorization: Bearer ${TOKEN}`, ...args],
          { env: box.env, cwd: dirname(INSPECTOR_CLI) },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += String(chunk)));
        child.stderr.on('data', (chunk) => (stderr += String(chunk)));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const list = await run(['--method', 'tools/list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('execute_code');
    const call = await run(['--method', 'tools/call', '--tool-name', 'list_directory', '--tool-arg', 'path=/servers']);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain('demo');
    expect(call.stdout).toContain('memory');
  });

  it('on SIGTERM, exits 0 and stops the downstream servers', async () => {
    expect(processesWith(marker)).toHaveLength(1);
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain('shutting down (SIGTERM)');
    await waitFor(() => processesWith(marker).length === 0, 'the downstream server to exit', 5_000);
  });
});

describe.skipIf(notRunnable)('binding beyond loopback', () => {
  it('warns loudly when there is no token', async () => {
    const local = sandboxDir('http-open');
    try {
      const config = local.writeConfig({ mcpServers: {} });
      const open = await startHttp(['--config', config, '--host', '0.0.0.0'], local.env);
      expect(await open.stop()).toBe(0);
      expect(open.stderr()).toContain('SECURITY WARNING');
    } finally {
      local.remove();
    }
  });
});
