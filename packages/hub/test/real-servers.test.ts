import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, HubError, type Hub } from '../src/index.js';
import {
  childCommands,
  everything,
  filesystem,
  fixtureStdio,
  isAlive,
  memory,
  recordingLogger,
  tempDir,
  textOf,
} from './support/servers.js';

describe('real MCP servers over stdio (everything, memory, filesystem)', () => {
  const dir = tempDir();
  const logger = recordingLogger();
  let hub: Hub;

  beforeAll(async () => {
    writeFileSync(join(dir.path, 'hello.txt'), 'hello from the test');
    process.env.RUNBYTE_HUB_TEST_PARENT = 'from-parent';
    process.env.RUNBYTE_AUTH_TOKEN = 'runbyte-secret-token';
    hub = createHub(
      {
        everything: { ...everything(), env: { RUNBYTE_HUB_TEST_OWN: 'from-config' } },
        memory: memory(join(dir.path, 'memory.jsonl')),
        filesystem: filesystem(dir.path),
        fixture: fixtureStdio(),
      },
      { logger },
    );
    await hub.start();
  });

  afterAll(async () => {
    await hub.close();
    delete process.env.RUNBYTE_HUB_TEST_PARENT;
    delete process.env.RUNBYTE_AUTH_TOKEN;
    dir.remove();
  });

  it('connects all of them and lists their tools', () => {
    const states = hub.servers();
    expect(states.map((s) => [s.name, s.status, s.transport])).toEqual([
      ['everything', 'ready', 'stdio'],
      ['memory', 'ready', 'stdio'],
      ['filesystem', 'ready', 'stdio'],
      ['fixture', 'ready', 'stdio'],
    ]);
    expect(hub.server('everything')!.tools.map((t) => t.name)).toContain('echo');
    expect(hub.server('memory')!.tools.map((t) => t.name)).toContain('create_entities');
    expect(hub.server('filesystem')!.tools.map((t) => t.name)).toContain('read_text_file');
    for (const state of states) expect(state.toolsVersion).toBe(1);
    expect(hub.server('everything')!.instructions).toEqual(expect.any(String));
  });

  it('calls a tool and returns the raw CallToolResult', async () => {
    const result = await hub.callTool('everything', 'echo', { message: 'hi there' });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: hi there' }]);
    expect(result.isError).toBeFalsy();
  });

  it("passes a safe default environment plus env, never Runbyte's own secrets", async () => {
    const env = JSON.parse(textOf(await hub.callTool('everything', 'get-env', {}))) as Record<string, string>;
    expect(env.RUNBYTE_HUB_TEST_OWN).toBe('from-config');
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.RUNBYTE_AUTH_TOKEN).toBeUndefined();
    expect(env.RUNBYTE_HUB_TEST_PARENT).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain('runbyte-secret-token');
  });

  it('reaches memory and filesystem servers with their own arguments', async () => {
    await hub.callTool('memory', 'create_entities', {
      entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }],
    });
    expect(existsSync(join(dir.path, 'memory.jsonl'))).toBe(true);
    expect(readFileSync(join(dir.path, 'memory.jsonl'), 'utf8')).toContain('Ada');
    const file = await hub.callTool('filesystem', 'read_text_file', { path: join(dir.path, 'hello.txt') });
    expect(textOf(file)).toBe('hello from the test');
  });

  it('returns isError results instead of throwing', async () => {
    const result = await hub.callTool('filesystem', 'read_text_file', { path: '/etc/hostname-outside-allowed' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/denied|outside|not allowed/i);
  });

  it("sends the children's stderr to the logger", () => {
    expect(
      logger.entries.some((e) => e.msg.startsWith('[filesystem] ') && /Secure MCP Filesystem Server/.test(e.msg)),
    ).toBe(true);
  });

  it('names the closest tools when the tool does not exist', async () => {
    const error = await hub.callTool('filesystem', 'read_txt_file', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('UNKNOWN_TOOL');
    expect((error as HubError).available!.slice(0, 2)).toContain('read_text_file');
    expect((error as HubError).message).toMatch(
      /Server "filesystem" has no tool "read_txt_file"\. Closest: read_text_file/,
    );
  });

  it('names the configured servers when the server does not exist', async () => {
    const error = (await hub.callTool('memroy', 'read_graph', {}).catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('UNKNOWN_SERVER');
    expect(error.available![0]).toBe('memory');
    expect(error.message).toBe('No server named "memroy". Configured: memory, fixture, everything, filesystem.');
  });

  // Last: closes the shared hub.
  it('close() kills every stdio child, is idempotent, and refuses calls afterwards', async () => {
    const serverChildren = () =>
      childCommands().filter((c) => /server-everything|server-memory|server-filesystem|test-server\.mjs/.test(c));
    expect(serverChildren()).toHaveLength(4);
    const pid = Number(textOf(await hub.callTool('fixture', 'pid', {})));
    expect(isAlive(pid)).toBe(true);
    await Promise.all([hub.close(), hub.close()]);
    await hub.close();
    expect(isAlive(pid)).toBe(false);
    expect(serverChildren()).toEqual([]);
    expect(hub.servers().map((s) => s.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
    const error = (await hub.callTool('fixture', 'pid', {}).catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('CLOSED');
  });
});

describe('close during start', () => {
  it('kills a child that is still connecting, and start() still resolves', async () => {
    const hub = createHub({ hang: fixtureStdio('--hang') }, { connectTimeoutMs: 30_000 });
    const started = hub.start();
    await expect
      .poll(() => childCommands().filter((c) => c.includes('test-server.mjs --hang')), { timeout: 10_000 })
      .toHaveLength(1);
    await hub.close();
    await started;
    expect(childCommands().filter((c) => c.includes('test-server.mjs'))).toEqual([]);
    expect(hub.server('hang')!.status).toBe('closed');
  });
});
