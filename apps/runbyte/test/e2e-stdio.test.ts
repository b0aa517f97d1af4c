// Runbyte as stdio MCP clients (Claude Desktop, Cursor, ...) start it: `node dist/cli.js [--config ...]`.
// Few processes, each covering several behaviours: the machine running the suite is shared and slow.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  connectStdio,
  CRASHY_SERVER,
  everythingServer,
  markedDemoServer,
  memoryServer,
  processesWith,
  REPO_DIR,
  sandboxDir,
  textOf,
  waitFor,
  whyNotRunnable,
  type Sandbox,
  type StdioSession,
} from './support/cli.js';

const notRunnable = await whyNotRunnable();

let box: Sandbox;
beforeAll(() => {
  box = sandboxDir('stdio');
});
afterAll(() => box.remove());

function childrenOf(pid: number): number[] {
  return spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => Number(line.trim()))
    .filter((n) => n > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(notRunnable)('runbyte over stdio with no config', () => {
  it('serves the built-in demo, writes only JSON-RPC to stdout, and exits 0 with no orphans when stdin closes', async () => {
    const child = spawn(process.execPath, [CLI], { env: box.env, cwd: box.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const send = (message: object): boolean => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    const response = (id: number) => {
      const line = stdout.split('\n').find((l) => l.includes(`"id":${id}`));
      return line
        ? (JSON.parse(line) as {
            result: {
              tools?: { name: string }[];
              isError?: boolean;
              structuredContent?: { result: unknown };
              content?: { text: string }[];
            };
          })
        : undefined;
    };

    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    await waitFor(() => response(1), 'the initialize response', 30_000);
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    const shipped =
      "import * as demo from './servers/demo';\nexport async function exec() { console.log('to the client, not stdout'); return (await demo.listOrders({ status: 'shipped' })).orders.length; }";
    send({ id: 3, method: 'tools/call', params: { name: 'execute_code', arguments: { code: shipped } } });
    send({
      id: 4,
      method: 'tools/call',
      params: { name: 'execute_code', arguments: { code: readFileSync(join(REPO_DIR, 'examples/orders.ts'), 'utf8') } },
    });
    await waitFor(() => response(2) && response(3) && response(4), 'the tool results', 30_000);

    expect(
      response(2)!
        .result.tools!.map((t) => t.name)
        .sort(),
    ).toEqual(['execute_code', 'list_directory', 'read_file']);
    expect(response(3)!.result.isError).toBeFalsy();
    expect(response(3)!.result.structuredContent!.result).toBe(122);
    expect(response(4)!.result.isError, response(4)!.result.content?.[0]?.text).toBeFalsy();
    expect(response(4)!.result.structuredContent!.result).toMatchObject({ pending: 125, top: [{}, {}, {}] });
    expect(stderr).toContain('No config found');
    expect(stderr).toContain('built-in demo server');

    const downstream = childrenOf(child.pid!);
    expect(downstream.length).toBeGreaterThan(0);
    child.stdin.end();
    expect(await exited).toBe(0);

    const lines = stdout.split('\n').filter((line) => line !== '');
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(lines.map((line) => (JSON.parse(line) as { id?: number }).id).sort()).toEqual([1, 2, 3, 4]);
    expect(stderr).toContain('shutting down (stdin closed)');
    await waitFor(() => downstream.every((pid) => !alive(pid)), 'the downstream servers to exit', 10_000);
  });
});

describe.skipIf(notRunnable)('runbyte over stdio with real downstream servers', () => {
  const marker = `stdio-${process.pid}-${Date.now()}`;
  let session: StdioSession;

  beforeAll(async () => {
    const config = box.writeConfig(
      {
        mcpServers: {
          memory: memoryServer(box),
          everything: everythingServer(),
          broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
          crashy: { command: process.execPath, args: [CRASHY_SERVER] },
          demo: markedDemoServer(marker),
        },
        server: { workspaceDir: join(box.dir, 'ws') },
      },
      'servers.json',
    );
    session = await connectStdio(['-config', config], box.env);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('lists, reads and executes against memory and everything', async () => {
    const listing = await session.client.callTool({ name: 'list_directory', arguments: { path: '/servers' } });
    for (const name of ['memory', 'everything', 'crashy', 'demo']) expect(textOf(listing)).toContain(name);
    const file = await session.client.callTool({
      name: 'read_file',
      arguments: { path: '/servers/memory/createEntities.ts' },
    });
    expect(textOf(file)).toContain('export declare function createEntities(args: Args): Promise<Result>;');

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
    const structured = run.structuredContent as {
      result: { names: string[]; echoed: unknown };
      logs: { message: string }[];
      toolCalls: { server: string }[];
    };
    expect(structured.result.names).toEqual(['Grace']);
    expect(JSON.stringify(structured.result.echoed)).toContain('hi');
    expect(structured.logs.map((l) => l.message)).toEqual(['entities 1']);
    expect(structured.toolCalls.map((c) => c.server)).toEqual(['memory', 'memory', 'everything']);
  });

  it('reports a server that fails to start and one that crashes mid-call, and keeps serving the others', async () => {
    expect(session.stderr()).toMatch(/"broken"[^\n]* unavailable/);
    expect(session.stderr()).toContain('4 of 5 downstream servers ready; not ready: broken');
    const crashed = await session.client.callTool({
      name: 'execute_code',
      arguments: {
        code: "import * as crashy from './servers/crashy';\nexport async function exec() { return await crashy.crash({}); }",
      },
    });
    expect(crashed.isError).toBe(true);
    // A failed tool call leads with the call and where the agent made it.
    expect(textOf(crashed)).toMatch(/crashy\.crash failed at agent\.ts:\d+:\d+: .*went away/s);
    await waitFor(() => /"crashy"[^\n]* unavailable/.test(session.stderr()), 'the crash to be logged');
    const ok = await session.client.callTool({
      name: 'execute_code',
      arguments: {
        code: "import * as demo from './servers/demo';\nexport async function exec() { return (await demo.add({ a: 1, b: 2 })).sum; }",
      },
    });
    expect(ok.structuredContent).toMatchObject({ result: 3 });
  });

  it('shuts down on SIGTERM, cancelling a running execution, and stops its downstream servers', async () => {
    expect(processesWith(marker)).toHaveLength(1);
    const downstream = childrenOf(session.pid);
    const long = session.client
      .callTool(
        {
          name: 'execute_code',
          arguments: {
            code: 'export async function exec() { await new Promise((r) => setTimeout(r, 60_000)); return 1; }',
          },
        },
        undefined,
        { timeout: 120_000 },
      )
      .then(
        () => 'answered',
        () => 'cut off',
      );
    let settled = false;
    void long.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(settled).toBe(false);
    const started = Date.now();
    process.kill(session.pid, 'SIGTERM');
    await waitFor(() => !alive(session.pid), 'runbyte to exit', 15_000);
    // Well before the execution's 60 s: shutdown does not wait for running code.
    expect(Date.now() - started).toBeLessThan(15_000);
    await long;
    expect(session.stderr()).toContain('shutting down (SIGTERM)');
    expect(session.stderr()).toContain('stopped');
    await waitFor(
      () => downstream.every((pid) => !alive(pid)) && processesWith(marker).length === 0,
      'the downstream servers to exit',
      10_000,
    );
  });
});
