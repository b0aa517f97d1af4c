import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHub, HubError, type Hub, type Tool } from '../src/index.js';
import {
  closedPort,
  startHangingHttpServer,
  startHttpFixture,
  textOf,
  waitForStatus,
  type HttpFixture,
} from './support/servers.js';

const TOKEN = 's3cret';
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('Streamable HTTP and SSE against the test server', () => {
  let fixture: HttpFixture;
  let hub: Hub;

  beforeAll(async () => {
    // 10 base tools + 7 fillers, served 4 per tools/list page.
    fixture = await startHttpFixture('--token', TOKEN, '--page-size', '4', '--extra-tools', '7');
    hub = createHub(
      {
        streamable: { type: 'http', url: `${fixture.origin}/mcp`, headers: auth },
        sse: { type: 'sse', url: `${fixture.origin}/sse`, headers: auth },
        untypedHttp: { url: `${fixture.origin}/mcp`, headers: auth },
        untypedSse: { url: `${fixture.origin}/sse`, headers: auth },
        noToken: { type: 'http', url: `${fixture.origin}/mcp` },
        keyInUrl: { type: 'http', url: `${fixture.origin}/mcp?api_key=abc123` },
      },
      { connectTimeoutMs: 10_000, backoff: { initialMs: 60_000 } },
    );
    await hub.start();
  });

  afterAll(async () => {
    await hub?.close();
    await fixture?.stop();
  });

  it('connects over each transport; a url without type falls back to SSE when Streamable HTTP is refused', () => {
    expect(hub.servers().map((s) => [s.name, s.status, s.transport])).toEqual([
      ['streamable', 'ready', 'streamable-http'],
      ['sse', 'ready', 'sse'],
      ['untypedHttp', 'ready', 'streamable-http'],
      ['untypedSse', 'ready', 'sse'],
      ['noToken', 'unavailable', undefined],
      ['keyInUrl', 'unavailable', undefined],
    ]);
    expect(hub.server('sse')!.instructions).toBe('A server for the hub tests.');
  });

  it('says what to fix when the server answers 401', () => {
    expect(hub.server('noToken')!.error).toBe(
      `HTTP 401 from ${fixture.origin}/mcp (check the credentials in "headers", e.g. Authorization)`,
    );
  });

  it('keeps keys in the URL query out of reasons', () => {
    expect(hub.server('keyInUrl')!.error).toBe(
      `HTTP 401 from ${fixture.origin}/mcp?… (check the credentials in "headers", e.g. Authorization)`,
    );
  });

  it('sends the headers with every request, including the SSE stream GET', async () => {
    expect(JSON.parse(textOf(await hub.callTool('streamable', 'headers', {})))).toMatchObject({
      post: auth.Authorization,
    });
    expect(JSON.parse(textOf(await hub.callTool('sse', 'headers', {})))).toEqual({
      post: auth.Authorization,
      get: auth.Authorization,
    });
  });

  it('lists every page of tools', () => {
    for (const name of ['streamable', 'sse']) {
      const tools = hub.server(name)!.tools.map((t) => t.name);
      expect(tools).toHaveLength(18);
      expect(tools).toContain('filler_6');
      expect(new Set(tools).size).toBe(18);
    }
  });

  it('returns isError results over both transports', async () => {
    for (const name of ['streamable', 'sse']) {
      const result = await hub.callTool(name, 'fail', {});
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('this tool always fails');
    }
  });

  it('cancels timed-out and aborted calls downstream', async () => {
    const before = (JSON.parse(textOf(await hub.callTool('sse', 'cancellations', {}))) as unknown[]).length;
    const timedOut = (await hub
      .callTool('streamable', 'hang', {}, { timeoutMs: 200 })
      .catch((e: unknown) => e)) as HubError;
    expect(timedOut.code).toBe('TIMEOUT');
    const controller = new AbortController();
    const aborted = hub.callTool('sse', 'hang', {}, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    expect(((await aborted) as HubError).code).toBe('ABORTED');
    // One server process behind both transports: it saw both cancellations.
    await expect
      .poll(async () => (JSON.parse(textOf(await hub.callTool('sse', 'cancellations', {}))) as unknown[]).length, {
        timeout: 10_000,
      })
      .toBe(before + 2);
  });

  it('re-lists on notifications/tools/list_changed and emits toolsChanged with the new tool set', async () => {
    const seen = new Map<string, Tool[]>();
    const off = hub.on('toolsChanged', (server, tools) => seen.set(server, tools));
    const versions = { streamable: hub.server('streamable')!.toolsVersion, sse: hub.server('sse')!.toolsVersion };
    await hub.callTool('streamable', 'add_tool', { name: 'fresh_tool' });
    await expect
      .poll(() => [...seen.keys()].sort(), { timeout: 10_000 })
      .toEqual(['sse', 'streamable', 'untypedHttp', 'untypedSse']);
    off();
    for (const name of ['streamable', 'sse']) {
      expect(seen.get(name)!.map((t) => t.name)).toContain('fresh_tool');
      expect(seen.get(name)).toHaveLength(19);
      expect(hub.server(name)!.toolsVersion).toBe(versions[name as keyof typeof versions] + 1);
    }
    expect(textOf(await hub.callTool('sse', 'fresh_tool', {}))).toBe('called fresh_tool');
  });
});

describe('HTTP servers that are down, hang or crash', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('reports a refused connection and a server that never answers, without blocking the others', async () => {
    const port = await closedPort();
    const hanging = await startHangingHttpServer();
    cleanups.push(hanging.close);
    const fixture = await startHttpFixture();
    cleanups.push(fixture.stop);
    const hub = createHub(
      {
        down: { url: `http://127.0.0.1:${port}/mcp` },
        hanging: { type: 'http', url: hanging.url },
        up: { url: `${fixture.origin}/mcp` },
        wrongPath: { url: `${fixture.origin}/nowhere` },
      },
      { connectTimeoutMs: 60_000, backoff: { initialMs: 60_000 } },
    );
    cleanups.push(() => hub.close());
    const started = hub.start();
    await waitForStatus(hub, 'up', (s) => s.status === 'ready', 40_000);
    await waitForStatus(hub, 'down', (s) => s.status === 'unavailable', 40_000);
    expect(hub.server('down')!.error).toBe(`connection refused by http://127.0.0.1:${port} (is the server running?)`);
    // Without "type", a 404 to the POST means "try SSE"; both answers are reported.
    const wrongPath = await waitForStatus(hub, 'wrongPath', (s) => s.status === 'unavailable', 40_000);
    expect(wrongPath.error).toBe(
      `HTTP 404 from ${fixture.origin}/nowhere (check the path in "url") (Streamable HTTP); ` +
        `HTTP 404 from ${fixture.origin}/nowhere (check the path in "url") (SSE fallback)`,
    );
    expect(hub.server('hanging')!.status).toBe('connecting');
    await hub.close();
    await started;

    const alone = createHub(
      { hanging: { type: 'http', url: hanging.url } },
      { connectTimeoutMs: 1_000, backoff: { initialMs: 60_000 } },
    );
    cleanups.push(() => alone.close());
    await alone.start();
    expect(alone.server('hanging')).toMatchObject({
      status: 'unavailable',
      error: 'did not answer initialize within 1 s',
    });
  });

  it('starts a new session and sends the call again when a restarted server no longer knows the session', async () => {
    const first = await startHttpFixture();
    cleanups.push(first.stop);
    const hub = createHub({ remote: { type: 'http', url: `${first.origin}/mcp` } }, { backoff: { initialMs: 60_000 } });
    cleanups.push(() => hub.close());
    await hub.start();
    const before = textOf(await hub.callTool('remote', 'pid', {}));
    await first.stop();
    const second = await startHttpFixture('--port', String(first.port));
    cleanups.push(second.stop);
    const after = textOf(await hub.callTool('remote', 'pid', {}));
    expect(after).not.toBe(before);
    expect(after).toBe(String(second.child.pid));
    expect(hub.server('remote')!.status).toBe('ready');
  });

  it('marks a crashed HTTP server unavailable and fails the call with a transport error', async () => {
    const fixture = await startHttpFixture();
    cleanups.push(fixture.stop);
    const hub = createHub(
      { remote: { type: 'http', url: `${fixture.origin}/mcp` } },
      { backoff: { initialMs: 60_000 } },
    );
    cleanups.push(() => hub.close());
    await hub.start();
    const error = (await hub.callTool('remote', 'crash', {}).catch((e: unknown) => e)) as HubError;
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('TRANSPORT');
    await waitForStatus(hub, 'remote', (s) => s.status === 'unavailable');
    const next = (await hub.callTool('remote', 'echo', { text: 'x' }).catch((e: unknown) => e)) as HubError;
    expect(next.code).toBe('SERVER_UNAVAILABLE');
    expect(next.reason).toMatch(/connection refused by http:\/\/127\.0\.0\.1:\d+ \(is the server running\?\)|closed/);
  });
});
