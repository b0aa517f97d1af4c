// Learned result types end to end: calls through execute_code against a real downstream server teach
// Runbyte the shape of a tool's results, which read_file, the server index and search then show.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRunbyte, type Runbyte, type RunbyteServerSettings } from '../src/index.js';
import { connectInMemory, learnServer, tempDir, textOf, type TempDir } from './helpers.js';

let dir: TempDir;
const open: Array<{ runbyte: Runbyte; client: Client }> = [];

beforeAll(() => {
  dir = tempDir('learned');
});

afterEach(async () => {
  for (const { runbyte, client } of open.splice(0)) {
    await client.close();
    await runbyte.close();
  }
});

afterAll(() => dir?.remove());

async function start(
  dataDir: string,
  options: { description?: string; settings?: RunbyteServerSettings } = {},
): Promise<Started> {
  const runbyte = await createRunbyte({
    mcpServers: { learn: learnServer(options.description) },
    server: { workspaceDir: join(dir.path, 'workspace'), dataDir, ...options.settings },
  });
  await runbyte.ready;
  const client = await connectInMemory(runbyte);
  open.push({ runbyte, client });
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    expect(result.isError, textOf(result)).toBeFalsy();
    return result;
  };
  return {
    runbyte,
    client,
    read: async (path) => textOf(await call('read_file', { path })),
    search: async (query) => textOf(await call('list_directory', { path: '/servers', query })),
    execute: async (code) => (await call('execute_code', { code })).structuredContent ?? {},
  };
}

interface Started {
  runbyte: Runbyte;
  client: Client;
  read(path: string): Promise<string>;
  search(query: string): Promise<string>;
  execute(code: string): Promise<Record<string, unknown>>;
}

const callGetUser = (id: number) => `import * as learn from './servers/learn';
export async function exec() {
  return (await learn.getUser({ id: ${id} })).id;
}`;

async function stop(runbyte: Runbyte): Promise<void> {
  const index = open.findIndex((o) => o.runbyte === runbyte);
  const [started] = open.splice(index, 1);
  await started?.client.close();
  await runbyte.close();
}

describe('learned result types', () => {
  it('shows the learned Result in read_file and the index after one call, refines it, and keeps it over a restart', async () => {
    const dataDir = join(dir.path, 'data-main');
    const first = await start(dataDir);
    expect(await first.read('/servers/learn/getUser.ts')).not.toMatch(/observed over/);

    expect(await first.execute(callGetUser(7))).toMatchObject({ result: 7 });
    const once = await first.read('/servers/learn/getUser.ts');
    expect(once).toContain('// Result observed over 1 call, not declared by the server');
    expect(once).toMatch(/export interface Result \{[^]*\bid: number[^]*\bnickname: string[^]*\btags: string\[\]$/m);
    expect(once).toMatch(/zip: null\b/);

    // A second call without `nickname`, with a fractional score and an empty list: the type widens.
    await first.execute(callGetUser(8));
    const twice = await first.read('/servers/learn/getUser.ts');
    expect(twice).toContain('// Result observed over 2 calls, not declared by the server');
    expect(twice).toMatch(/\bnickname\?: string\b/);
    expect(twice).toMatch(/\bscore: number\b/);
    expect(twice).toMatch(/\btags: string\[\]$/m);

    const index = await first.read('/servers/learn/index.ts');
    expect(index).toMatch(
      /export declare namespace getUser \{[^]*Result observed over 2 calls[^]*export interface Result/,
    );

    // Search shows a learned result type only while it is short; this one is long, so read_file has it.
    expect(await first.search('look up user')).toMatch(
      /^learn\.getUser\(args: \{id: number\}\) — Look up a user by id$/m,
    );

    // Code that uses the learned type still runs (types are erased), and a typed use of it compiles.
    const typed = await first.execute(`import { getUser, type Result } from './servers/learn/getUser';
export async function exec() {
  const user: Result = await getUser({ id: 9 });
  return user.address.city.length > 0;
}`);
    expect(typed).toMatchObject({ result: true });

    await stop(first.runbyte);
    const stored = readFileSync(join(dataDir, 'learned-types.json'), 'utf8');
    // Only shapes are stored: none of the values the tool returned.
    expect(stored).not.toMatch(/secret/);
    expect(JSON.parse(stored).entries).toEqual([
      expect.objectContaining({ server: 'learn', tool: 'get_user', observations: 3 }),
    ]);

    const second = await start(dataDir);
    const restarted = await second.read('/servers/learn/getUser.ts');
    expect(restarted).toContain('// Result observed over 3 calls, not declared by the server');
    expect(restarted).toMatch(/\bnickname\?: string\b/);
  });

  it('forgets the learned type when the tool definition changes', async () => {
    const dataDir = join(dir.path, 'data-changed');
    const first = await start(dataDir);
    await first.execute(callGetUser(1));
    expect(await first.read('/servers/learn/getUser.ts')).toContain('observed over 1 call');
    await stop(first.runbyte);

    const changed = await start(dataDir, { description: 'Look up a user by id, now with more fields.' });
    const view = await changed.read('/servers/learn/getUser.ts');
    expect(view).toContain('now with more fields');
    expect(view).not.toMatch(/observed over/);
    expect(view).not.toMatch(/nickname/);
  });

  it('a declared outputSchema wins over anything learned', async () => {
    const dataDir = join(dir.path, 'data-declared');
    const first = await start(dataDir);
    await first.execute(`import * as learn from './servers/learn';
export async function exec() { return (await learn.getCount()).count; }`);
    const view = await first.read('/servers/learn/getCount.ts');
    expect(view).not.toMatch(/observed over/);
    expect(view).toMatch(/count: number\b/);
    await stop(first.runbyte);
    expect(existsSync(join(dataDir, 'learned-types.json'))).toBe(false);
  });

  it('learns nothing with learnTypes: false', async () => {
    const dataDir = join(dir.path, 'data-off');
    const off = await start(dataDir, { settings: { learnTypes: false } });
    await off.execute(callGetUser(2));
    expect(await off.read('/servers/learn/getUser.ts')).not.toMatch(/observed over/);
    await stop(off.runbyte);
    expect(existsSync(join(dataDir, 'learned-types.json'))).toBe(false);
  });
});
