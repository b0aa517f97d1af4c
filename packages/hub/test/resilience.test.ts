import { getEventListeners } from 'node:events';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHub, HubError, type Hub, type ServerState } from '../src/index.js';
import { fixtureStdio, isAlive, recordingLogger, tempDir, textOf, waitForStatus } from './support/servers.js';

const hubs: Hub[] = [];
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
  for (const dir of dirs.splice(0)) dir.remove();
});
function track(hub: Hub): Hub {
  hubs.push(hub);
  return hub;
}

describe('slow first start', () => {
  const slowServer = join(import.meta.dirname, 'fixtures', 'slow-server.mjs');
  const starts = (file: string): number => readFileSync(file, 'utf8').trim().split('\n').length;

  it('waits for a package runner (npx) past the normal connect timeout instead of killing and restarting it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const startsFile = join(dir.path, 'starts');
    // A real `npx` would download; this one is a script called npx that starts the slow server.
    const npx = join(dir.path, 'npx');
    writeFileSync(npx, `#!/bin/sh\nexec '${process.execPath}' '${slowServer}' "$@"\n`);
    chmodSync(npx, 0o755);
    const hub = track(
      createHub(
        { slow: { command: npx, args: ['1500', startsFile] } },
        { connectTimeoutMs: 300, firstStartTimeoutMs: 20_000, backoff: { initialMs: 50 } },
      ),
    );
    await hub.start();
    expect(hub.server('slow')).toMatchObject({ status: 'ready' });
    expect(starts(startsFile)).toBe(1);
  });

  it("honours a server's own connect timeout longer than the hub's", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const startsFile = join(dir.path, 'starts');
    const hub = track(
      createHub(
        { slow: { command: process.execPath, args: [slowServer, '1500', startsFile], connectTimeoutMs: 20_000 } },
        { connectTimeoutMs: 300, backoff: { initialMs: 50 } },
      ),
    );
    await hub.start();
    expect(hub.server('slow')).toMatchObject({ status: 'ready' });
    expect(starts(startsFile)).toBe(1);
  });
});

describe('start', () => {
  it("keeps the line with the cause in a failed server's reason, above Node's stack and version lines", async () => {
    const missing = join(process.cwd(), 'no-such-dir', 'server.js');
    const hub = track(
      createHub({ gone: { command: process.execPath, args: [missing] } }, { backoff: { initialMs: 60_000 } }),
    );
    await hub.start();
    const error = hub.server('gone')!.error ?? '';
    expect(error).toMatch(/^the process exited before answering initialize; its last stderr output: /);
    expect(error).toContain(`Error: Cannot find module '${missing}'`);
    expect(error).toMatch(/Node\.js v\d+/);
  });

  it('connects in parallel: a hanging, a missing, an exiting server and a bad cwd do not block the good one', async () => {
    const hub = track(
      createHub(
        {
          hanging: fixtureStdio('--hang'),
          broken: { command: 'runbyte-no-such-command', args: ['--stdio'] },
          exits: fixtureStdio('--require-file', join(process.cwd(), 'no-such-marker')),
          good: fixtureStdio(),
          badCwd: { ...fixtureStdio(), cwd: join(process.cwd(), 'no-such-directory') },
        },
        { connectTimeoutMs: 60_000, backoff: { initialMs: 60_000 } },
      ),
    );
    const started = hub.start();
    let startResolved = false;
    void started.then(() => (startResolved = true));

    // Long before the hanging server's 60 s are up, the others have settled.
    await waitForStatus(hub, 'good', (s) => s.status === 'ready', 40_000);
    await waitForStatus(hub, 'exits', (s) => s.status === 'unavailable', 40_000);
    expect(hub.server('hanging')!.status).toBe('connecting');
    expect(startResolved).toBe(false);

    const byName = Object.fromEntries(hub.servers().map((s) => [s.name, s])) as Record<string, ServerState>;
    expect(hub.servers().map((s) => s.name)).toEqual(['hanging', 'broken', 'exits', 'good', 'badCwd']);
    expect(byName.broken).toMatchObject({
      status: 'unavailable',
      error: 'command not found: runbyte-no-such-command (install it, or give its full path in "command")',
    });
    expect(byName.badCwd).toMatchObject({
      status: 'unavailable',
      error: `working directory not found: ${join(process.cwd(), 'no-such-directory')} (fix "cwd")`,
    });
    expect(byName.exits!.error).toMatch(
      /^the process exited before answering initialize; its last stderr output: "not ready yet/,
    );
    expect(textOf(await hub.callTool('good', 'echo', { text: 'still works' }))).toBe('still works');

    const error = (await hub.callTool('broken', 'anything', {}).catch((e: unknown) => e)) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('SERVER_UNAVAILABLE');
    expect(error.reason).toBe(byName.broken!.error);
    expect(error.message).toContain('Server "broken" is unavailable: command not found: runbyte-no-such-command');

    await hub.close();
    await started;
  });

  it('gives up on a server that never answers initialize, with a reason; start() resolves', async () => {
    const hub = track(
      createHub({ hanging: fixtureStdio('--hang') }, { connectTimeoutMs: 1_500, backoff: { initialMs: 60_000 } }),
    );
    await hub.start();
    expect(hub.server('hanging')).toMatchObject({
      status: 'unavailable',
      error: 'did not answer initialize within 1.5 s',
    });
    // A server that never came up is left to its backoff: a call fails at once, without another attempt.
    const statuses: string[] = [];
    hub.on('statusChanged', (state) => statuses.push(state.status));
    const error = (await hub.callTool('hanging', 'echo', { text: 'x' }).catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('SERVER_UNAVAILABLE');
    expect(error.message).toBe(
      'Server "hanging" is unavailable: did not answer initialize within 1.5 s. It is retried in the background.',
    );
    expect(statuses).toEqual([]);
  });

  it('retries an unavailable server with backoff until it comes up, then emits its tools', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const marker = join(dir.path, 'ready');
    const hub = track(
      createHub({ later: fixtureStdio('--require-file', marker) }, { backoff: { initialMs: 100, maxMs: 300 } }),
    );
    const changed: string[][] = [];
    hub.on('toolsChanged', (server, tools) => changed.push([server, String(tools.length)]));
    await hub.start();
    expect(hub.server('later')!.status).toBe('unavailable');
    expect(hub.server('later')!.toolsVersion).toBe(0);
    await waitForStatus(hub, 'later', (s) => s.status === 'connecting');
    writeFileSync(marker, '');
    const ready = await waitForStatus(hub, 'later', (s) => s.status === 'ready');
    expect(ready.error).toBeUndefined();
    expect(ready.tools.map((t) => t.name)).toContain('echo');
    expect(ready.toolsVersion).toBe(1);
    expect(changed).toEqual([['later', String(ready.tools.length)]]);
  });
});

describe('a stdio server that dies', () => {
  it('is restarted by the next call; concurrent calls share one restart', async () => {
    const hub = track(createHub({ fixture: fixtureStdio() }, { backoff: { initialMs: 60_000 } }));
    await hub.start();
    const firstPid = Number(textOf(await hub.callTool('fixture', 'pid', {})));

    const crash = (await hub.callTool('fixture', 'crash', {}).catch((e: unknown) => e)) as HubError;
    expect(crash).toBeInstanceOf(HubError);
    expect(crash.code).toBe('TRANSPORT');
    expect(crash.message).toMatch(/^Server "fixture" went away during the call of crash: the process exited/);
    expect(hub.server('fixture')).toMatchObject({ status: 'unavailable', error: 'the process exited' });
    expect(isAlive(firstPid)).toBe(false);

    const pids = await Promise.all([1, 2, 3].map(() => hub.callTool('fixture', 'pid', {}).then(textOf)));
    expect(new Set(pids).size).toBe(1);
    expect(Number(pids[0])).not.toBe(firstPid);
    expect(textOf(await hub.callTool('fixture', 'echo', { text: 'back' }))).toBe('back');
    expect(hub.server('fixture')).toMatchObject({ status: 'ready', toolsVersion: 1 });
  });

  it('is restarted by backoff when nobody calls it', async () => {
    const hub = track(createHub({ fixture: fixtureStdio() }, { backoff: { initialMs: 100 } }));
    await hub.start();
    const states: string[] = [];
    hub.on('statusChanged', (s) => states.push(s.status));
    await hub.callTool('fixture', 'crash', {}).catch(() => undefined);
    await waitForStatus(hub, 'fixture', (s) => s.status === 'ready');
    expect(states).toEqual(['unavailable', 'connecting', 'ready']);
    expect(textOf(await hub.callTool('fixture', 'echo', { text: 'ok' }))).toBe('ok');
  });
});

describe('calls', () => {
  // One server for these tests; each counts only the cancellations it causes.
  let hub: Hub;
  const cancellations = async () =>
    (JSON.parse(textOf(await hub.callTool('fixture', 'cancellations', {}))) as unknown[]).length;
  beforeAll(async () => {
    hub = createHub({ fixture: fixtureStdio() }, { callTimeoutMs: 300 });
    await hub.start();
  });
  afterAll(() => hub.close());

  it('runs concurrent calls concurrently on one connection', async () => {
    const started = Date.now();
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => hub.callTool('fixture', 'slow', { ms: 500 }, { timeoutMs: 10_000 })),
    );
    // One after the other would take 3 s.
    expect(Date.now() - started).toBeLessThan(2_200);
    expect(results.map(textOf)).toEqual(Array(6).fill('slept 500'));
  });

  it('times out, and the server sees notifications/cancelled', async () => {
    const before = await cancellations();
    const error = (await hub.callTool('fixture', 'hang', {}).catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.timeoutMs).toBe(300);
    expect(error.message).toBe(
      'Tool fixture/hang did not answer within 0.3 s; the call was cancelled. Pass a larger timeoutMs if it needs longer.',
    );
    await expect.poll(cancellations, { timeout: 10_000 }).toBe(before + 1);
    // The per-call limit overrides the hub's default.
    expect(textOf(await hub.callTool('fixture', 'slow', { ms: 500 }, { timeoutMs: 5_000 }))).toBe('slept 500');
  });

  it('aborts with the AbortSignal, and the server sees notifications/cancelled', async () => {
    const before = await cancellations();
    const controller = new AbortController();
    const pending = hub.callTool('fixture', 'hang', {}, { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(new Error('user pressed stop')), 100);
    const error = (await pending.catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('ABORTED');
    expect(error.message).toBe('The call of fixture/hang was aborted: user pressed stop.');
    await expect.poll(cancellations, { timeout: 10_000 }).toBe(before + 1);

    const already = (await hub
      .callTool('fixture', 'echo', { text: 'x' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e)) as HubError;
    expect(already.code).toBe('ABORTED');
  });

  it('leaves no listeners on a signal shared by many calls', async () => {
    const session = new AbortController();
    for (let i = 0; i < 20; i++) await hub.callTool('fixture', 'echo', { text: String(i) }, { signal: session.signal });
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
  });

  it('caps the message of an error that quotes a downstream server', async () => {
    const hub = track(createHub({ fixture: fixtureStdio() }));
    const error = (await hub.callTool('fixture', 'huge_error', {}).catch((e: unknown) => e)) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('REQUEST_FAILED');
    expect(error.message).toContain('rejected the call of huge_error: ');
    expect(error.message.length).toBeLessThanOrEqual(4_000);
    expect(error.message).toMatch(/more characters cut\]$/);
    expect(textOf(await hub.callTool('fixture', 'echo', { text: 'after' }))).toContain('after');
  });

  it('returns isError results as results', async () => {
    const result = await hub.callTool('fixture', 'fail', {});
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'this tool always fails' }] });
  });
});

describe('results and listings', () => {
  it('bounds the listing of a server whose tools/list never ends, with a warning, and keeps it usable', async () => {
    const logger = recordingLogger();
    const hub = track(createHub({ fixture: fixtureStdio('--endless-pages', '--page-size', '50') }, { logger }));
    await hub.start();
    const state = hub.server('fixture')!;
    expect(state.status).toBe('ready');
    expect(state.tools).toHaveLength(10_000);
    expect(state.tools.map((t) => t.name)).toContain('echo');
    expect(logger.entries.some((e) => e.level === 'warn' && e.msg.includes('more than 10000 tools'))).toBe(true);
    expect(textOf(await hub.callTool('fixture', 'echo', { text: 'still here' }))).toContain('still here');
  });

  it('bounds the pages of a server whose every page is empty but has a new cursor', async () => {
    const logger = recordingLogger();
    const hub = track(createHub({ fixture: fixtureStdio('--endless-pages', '--page-size', '0') }, { logger }));
    await hub.start();
    expect(hub.server('fixture')!.status).toBe('ready');
    expect(hub.server('fixture')!.tools.map((t) => t.name)).toContain('echo');
    expect(logger.entries.some((e) => e.level === 'warn' && e.msg.includes('more than 1000 pages'))).toBe(true);
  });

  it('hands results on as the server sent them, and leaves out tools that are not valid MCP tools', async () => {
    const logger = recordingLogger();
    const hub = track(createHub({ fixture: fixtureStdio('--odd-tools') }, { logger }));
    await hub.start();
    const names = hub.server('fixture')!.tools.map((t) => t.name);
    expect(names).toContain('structured');
    expect(names).not.toContain('invalid_tool');
    expect(logger.entries.find((e) => e.level === 'warn' && e.msg.includes('"invalid_tool"'))!.msg).toMatch(
      /^Server "fixture" lists an invalid tool "invalid_tool"; it is left out: inputSchema\.type: /,
    );
    const result = await hub.callTool('fixture', 'structured', {});
    expect(result.structuredContent).toEqual({ count: 'three' });
  });

  it('connects on the first call when start() was not called', async () => {
    const hub = track(createHub({ fixture: fixtureStdio() }));
    expect(hub.server('fixture')!.status).toBe('connecting');
    expect(textOf(await hub.callTool('fixture', 'echo', { text: 'lazy' }))).toBe('lazy');
  });
});
