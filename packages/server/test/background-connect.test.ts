// A gateway must never be slower than its slowest server: the session starts before any downstream
// server has connected, and each execution waits only for the servers it imports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createRunbyte, type Runbyte } from '../src/index.js';
import { connectInMemory, labServer, stuckServer, tempDir, textOf, type TempDir } from './helpers.js';

let dir: TempDir;
let runbyte: Runbyte;
let client: Client;

beforeAll(async () => {
  dir = tempDir('background');
  runbyte = await createRunbyte({
    mcpServers: { lab: labServer(), stuck: stuckServer() },
    server: { workspaceDir: dir.path },
  });
  client = await connectInMemory(runbyte);
});

afterAll(async () => {
  await client?.close();
  await runbyte?.close();
  dir?.remove();
});

describe('downstream servers connect in the background', () => {
  it('answers initialize and tools/list while a downstream server is stuck', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['execute_code', 'list_directory', 'read_file']);
    expect(runbyte.servers().find((s) => s.name === 'stuck')?.status).toBe('connecting');
  });

  it('lists the stuck server as connecting, and the healthy one with its functions', async () => {
    const listing = textOf(await client.callTool({ name: 'list_directory', arguments: { path: '/servers' } }));
    expect(listing).toMatch(/stuck\/.*connecting/);
    expect(listing).toMatch(/lab\/.*\d+ functions/);
  });

  it('runs an execution that uses a ready server without waiting for the stuck one', async () => {
    const outcome = await runbyte.executeCode(
      `import * as lab from './servers/lab';\nexport async function exec() { return await lab.stats(); }`,
    );
    expect(outcome.ok).toBe(true);
    expect(runbyte.servers().find((s) => s.name === 'stuck')?.status).toBe('connecting');
  });

  it("fails an execution that imports the stuck server with that server's reason once it times out", async () => {
    const outcome = await runbyte.executeCode(
      `import * as stuck from './servers/stuck';\nexport async function exec() { return Object.keys(stuck); }`,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/Server "stuck" is unavailable: .*(timed out|did not answer|initialize)/i);
    expect(runbyte.servers().find((s) => s.name === 'stuck')?.status).toBe('unavailable');
  }, 40_000);
});
