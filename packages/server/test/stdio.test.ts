import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runbyte } from '../src/index.js';
import { labServer, tempDir, textOf, waitFor, type TempDir } from './helpers.js';
import { createRunbyte, serveStdio } from '../src/index.js';

let dir: TempDir;
let runbyte: Runbyte;

beforeAll(async () => {
  dir = tempDir('stdio');
  runbyte = await createRunbyte({ mcpServers: { lab: labServer() }, server: { workspaceDir: dir.path } });
});

afterAll(async () => {
  await runbyte?.close();
  dir?.remove();
});

function pipes() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: string[] = [];
  createInterface({ input: stdout }).on('line', (line) => lines.push(line));
  const send = (message: object) => stdin.write(`${JSON.stringify(message)}\n`);
  const response = (id: number) =>
    waitFor(() => lines.map((l) => JSON.parse(l)).find((m) => m.id === id), `the response to request ${id}`);
  return { stdin, stdout, lines, send, response };
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'stdio-test', version: '1.0.0' } },
};

describe('serveStdio', () => {
  it('speaks JSON-RPC and nothing else on stdout', async () => {
    const io = pipes();
    const handle = await serveStdio(runbyte, io);
    io.send(initialize);
    const init = await io.response(1);
    expect(init.result.serverInfo.name).toBe('runbyte');
    expect(init.result.instructions).toContain('exec()');
    io.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    io.send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'list_directory', arguments: { path: '/servers' } },
    });
    const listing = await io.response(2);
    expect(listing.result.structuredContent.entries.map((e: { name: string }) => e.name)).toEqual([
      'index.ts',
      '_runtime.ts',
      'lab',
    ]);
    for (const line of io.lines) expect(JSON.parse(line).jsonrpc).toBe('2.0');
    await handle.close();
  });

  it('resolves closed and cancels running work when stdin ends', async () => {
    const io = pipes();
    const handle = await serveStdio(runbyte, io);
    io.send(initialize);
    await io.response(1);
    io.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const stats = async () => JSON.parse(textOf(await runbyte.callTool('lab', 'stats', {})));
    const before = await stats();
    io.send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'execute_code',
        arguments: {
          code: "import * as lab from './servers/lab';\nexport async function exec() { return lab.sleep({ ms: 20000 }); }",
        },
      },
    });
    await waitFor(async () => (await stats()).running > before.running, 'the downstream call to start');
    io.stdin.end();
    await handle.closed;
    await waitFor(async () => (await stats()).cancelled > before.cancelled, 'the downstream call to be cancelled');
  });
});
