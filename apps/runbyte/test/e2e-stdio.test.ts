// Runbyte as stdio MCP clients (Claude Desktop, Cursor, ...) start it: `node dist/cli.js [--config ...]`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  connectStdio,
  CRASHY_SERVER,
  everythingServer,
  INSPECTOR_CLI,
  markedDemoServer,
  memoryServer,
  processesWith,
  REPO_DIR,
  sandboxDir,
  textOf,
  waitFor,
  whyNotRunnable,
  type Sandbox,
} from './support/cli.js';

const notRunnable = await whyNotRunnable();

let box: Sandbox;
beforeAll(() => {
  box = sandboxDir('stdio');
});
afterAll(() => box.remove());

describe.skipIf(notRunnable)('runbyte over stdio', () => {
  it('with no config, serves the built-in demo and says so on stderr', async () => {
    const session = await connectStdio([], box.env, box.dir);
    try {
      const { tools } = await session.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['execute_code', 'list_directory', 'read_file']);
      const result = await session.client.callTool({
        name: 'execute_code',
        arguments: { code: "import * as demo from './servers/demo';\nexport async function exec() { return (await demo.listOrders({ status: 'shipped' })).orders.length; }" },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ result: 125, toolCalls: [{ server: 'demo', tool: 'list_orders', ok: true }] });
      expect(session.stderr()).toContain('No config found');
      expect(session.stderr()).toContain('built-in demo server');
    } finally {
      await session.close();
    }
  });

  it('lists, reads and executes against real downstream servers (memory and everything)', async () => {
    const config = box.writeConfig({ mcpServers: { memory: memoryServer(box), everything: everythingServer() }, server: { workspaceDir: join(box.dir, 'ws') } }, 'both.json');
    const session = await connectStdio(['-config', config], box.env);
    try {
      const listing = await session.client.callTool({ name: 'list_directory', arguments: { path: '/servers' } });
      expect(textOf(listing)).toContain('memory');
      expect(textOf(listing)).toContain('everything');
      const file = await session.client.callTool({ name: 'read_file', arguments: { path: '/servers/memory/createEntities.ts' } });
      expect(textOf(file)).toContain("callTool<Result>('memory', 'create_entities', args)");

      const run = await session.client.callTool({
        name: 'execute_code',
        arguments: {
          code: `import * as memory from './servers/memory';
import * as everything from './servers/everything';
export async function exec() {
  await memory.createEntities({ entities: [{ name: 'Grace', entityType: 'person', observations: ['COBOL'] }] });
  const graph = await memory.readGraph({});
  const echoed = await everything.echo({ message: 'hi' });
  console.log('entities', graph.entities.length);
  return { names: graph.entities.map((e: { name: string }) => e.name), echoed };
}`,
        },
      });
      expect(run.isError, textOf(run)).toBeFalsy();
      const structured = run.structuredContent as { result: { names: string[]; echoed: unknown }; logs: { message: string }[]; toolCalls: { server: string }[] };
      expect(structured.result.names).toEqual(['Grace']);
      expect(JSON.stringify(structured.result.echoed)).toContain('hi');
      expect(structured.logs.map((l) => l.message)).toEqual(['entities 1']);
      expect(structured.toolCalls.map((c) => c.server)).toEqual(['memory', 'memory', 'everything']);
    } finally {
      await session.close();
    }
  });

  it('reports downstream servers that fail to start or crash mid-call, and keeps serving the others', async () => {
    const config = box.writeConfig(
      {
        mcpServers: {
          broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
          crashy: { command: process.execPath, args: [CRASHY_SERVER] },
          demo: markedDemoServer('crash-test-demo'),
        },
      },
      'crash.json',
    );
    const session = await connectStdio(['--config', config], box.env);
    try {
      expect(session.stderr()).toMatch(/"broken"[^\n]* unavailable/);
      expect(session.stderr()).toContain('2 of 3 downstream servers ready; not ready: broken');
      const crashed = await session.client.callTool({
        name: 'execute_code',
        arguments: { code: "import * as crashy from './servers/crashy';\nexport async function exec() { return await crashy.crash({}); }" },
      });
      expect(crashed.isError).toBe(true);
      expect(textOf(crashed)).toMatch(/Runtime error \(runtime\).*crash/s);
      const ok = await session.client.callTool({
        name: 'execute_code',
        arguments: { code: "import * as demo from './servers/demo';\nexport async function exec() { return (await demo.add({ a: 1, b: 2 })).sum; }" },
      });
      expect(ok.structuredContent).toMatchObject({ result: 3 });
      await waitFor(() => /"crashy"[^\n]* unavailable/.test(session.stderr()), 'the crash to be logged');
    } finally {
      await session.close();
    }
  });

  it('writes nothing but JSON-RPC to stdout, and exits 0 with no orphans when stdin closes', async () => {
    const marker = `purity-${process.pid}-${Date.now()}`;
    const config = box.writeConfig({ mcpServers: { demo: markedDemoServer(marker) } }, 'purity.json');
    const child = spawn(process.execPath, [CLI, '--config', config, '--log-level', 'debug'], { env: box.env, cwd: REPO_DIR });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const send = (message: object): boolean => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await waitFor(() => stdout.includes('"id":1'), 'the initialize response');
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    send({ id: 3, method: 'tools/call', params: { name: 'execute_code', arguments: { code: "export async function exec() { console.log('to the client, not stdout'); return 1; }" } } });
    send({ id: 4, method: 'tools/call', params: { name: 'list_directory', arguments: { path: '/nowhere' } } });
    await waitFor(() => stdout.includes('"id":4') && stdout.includes('"id":3'), 'the tool results');
    expect(processesWith(marker).length).toBeGreaterThan(0);
    child.stdin.end();

    expect(await exited).toBe(0);
    const lines = stdout.split('\n').filter((line) => line !== '');
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(lines.map((line) => (JSON.parse(line) as { id?: number }).id)).toEqual([1, 2, 3, 4]);
    expect(stderr).toContain('debug');
    expect(stderr).toContain('shutting down (stdin closed)');
    await waitFor(() => processesWith(marker).length === 0, 'the downstream server to exit', 5_000);
  });

  it('shuts down on SIGTERM with exit code 0 and stops its downstream servers', async () => {
    const marker = `sigterm-${process.pid}-${Date.now()}`;
    const config = box.writeConfig({ mcpServers: { demo: markedDemoServer(marker), memory: memoryServer(box) } }, 'sigterm.json');
    const session = await connectStdio(['--config', config], box.env);
    await session.client.listTools();
    expect(processesWith(marker).length).toBe(1);
    const exited = new Promise<number | null>((resolve) => {
      const poll = setInterval(() => {
        try {
          process.kill(session.pid, 0);
        } catch {
          clearInterval(poll);
          resolve(0);
        }
      }, 50);
    });
    process.kill(session.pid, 'SIGTERM');
    await exited;
    expect(session.stderr()).toContain('shutting down (SIGTERM)');
    expect(session.stderr()).toContain('stopped');
    await waitFor(() => processesWith(marker).length === 0, 'the downstream server to exit', 5_000);
    await session.close();
  });

  it('the MCP Inspector CLI lists and calls our tools', async () => {
    const env = { ...box.env, RUNBYTE_CONFIG: box.writeConfig({ mcpServers: { demo: markedDemoServer('inspector') } }, 'inspector.json') };
    const inspect = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [INSPECTOR_CLI, process.execPath, CLI, ...args], { env, cwd: REPO_DIR });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += String(chunk)));
        child.stderr.on('data', (chunk) => (stderr += String(chunk)));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const list = await inspect(['--method', 'tools/list']);
    expect(list.code, list.stderr).toBe(0);
    const names = (JSON.parse(list.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names.sort()).toEqual(['execute_code', 'list_directory', 'read_file']);

    const call = await inspect(['--method', 'tools/call', '--tool-name', 'read_file', '--tool-arg', 'path=/servers/demo/add.ts']);
    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain('export async function add(');
  });
});
