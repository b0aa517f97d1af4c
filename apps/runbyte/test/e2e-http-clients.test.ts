// Several clients over HTTP, as the config names them (server.authTokens), and what they share:
// one /workspace by default, one each with server.workspacePerClient (issue #13 item 14).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  httpClient as client,
  sandboxDir,
  startHttp,
  whyNotRunnable,
  type ClientRun,
  type HttpProcess,
  type Sandbox,
} from './support/cli.js';

const notRunnable = await whyNotRunnable();
const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef01';

const write = (name: string, text: string) => ({
  tool: 'execute_code',
  args: {
    code: `import { writeFile } from '@runbyte/fs';
export async function exec() { await writeFile('${name}', ${JSON.stringify(text)}); return 'written'; }`,
  },
});
const list = { tool: 'list_directory', args: { path: '/workspace' } };
const read = (name: string) => ({ tool: 'read_file', args: { path: `/workspace/${name}` } });
type Call = NonNullable<ClientRun['results']>[number];
const names = (call: Call | undefined) =>
  ((call?.structuredContent?.['entries'] as { name: string }[] | undefined) ?? []).map((e) => e.name);

let box: Sandbox | undefined;
let server: HttpProcess | undefined;
afterEach(async () => {
  await server?.stop();
  box?.remove();
});

async function start(perClient: boolean): Promise<HttpProcess> {
  box = sandboxDir('http-clients');
  const config = box.writeConfig({
    mcpServers: {},
    server: {
      workspaceDir: join(box.dir, 'ws'),
      authTokens: [{ name: 'alice', token: '${ALICE_TOKEN}' }, BOB],
      workspacePerClient: perClient,
    },
  });
  server = await startHttp(['--config', config], { ...box.env, ALICE_TOKEN: ALICE });
  return server;
}

describe.skipIf(notRunnable)('several clients over HTTP', () => {
  it('accepts every token of server.authTokens and refuses others with 401', async () => {
    const { url } = await start(false);
    for (const token of [ALICE, BOB]) expect((await client(url, token, [])).error).toBeUndefined();
    expect((await client(url, 'carol-token-0123456789abcdef', [])).error).toMatch(/401|Unauthorized/i);
  });

  it('shares one /workspace between clients by default', async () => {
    const { url } = await start(false);
    const a = await client(url, ALICE, [write('notes.txt', 'from alice')]);
    expect(a.results?.[0]?.isError, JSON.stringify(a)).toBeFalsy();
    const b = await client(url, BOB, [list, read('notes.txt')]);
    expect(names(b.results?.[0])).toContain('notes.txt');
    expect(b.results?.[1]?.content[0]?.text).toContain('from alice');
  });

  it('with server.workspacePerClient, each client sees only its own files', async () => {
    const { url } = await start(true);
    const a = await client(url, ALICE, [write('notes.txt', 'from alice'), list]);
    expect(a.results?.[0]?.isError, JSON.stringify(a)).toBeFalsy();
    expect(names(a.results?.[1])).toContain('notes.txt');
    const b = await client(url, BOB, [list, read('notes.txt'), write('mine.txt', 'from bob'), list]);
    expect(names(b.results?.[0])).not.toContain('notes.txt');
    expect(b.results?.[1]?.isError).toBe(true);
    expect(names(b.results?.[3])).toEqual(['mine.txt']);
    const again = await client(url, ALICE, [list, read('notes.txt')]);
    expect(names(again.results?.[0])).not.toContain('mine.txt');
    expect(again.results?.[1]?.content[0]?.text).toContain('from alice');
  });
});
