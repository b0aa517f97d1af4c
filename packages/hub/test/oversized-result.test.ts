import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, HubError, type Hub } from '../src/index.js';
import { textOf } from './support/servers.js';

const HUGE = join(import.meta.dirname, 'fixtures', 'huge-result-server.mjs');
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hugeHub(options: { maxResultBytes?: number } = {}): Promise<Hub> {
  const hub = createHub({ huge: { command: process.execPath, args: [HUGE] } }, options);
  hubs.push(hub);
  await hub.start();
  return hub;
}

async function failure(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

describe('a tool result over the stdio message limit', () => {
  it('fails only that call, with its size; calls in flight and the process survive', async () => {
    const hub = await hugeHub();
    const pid = textOf(await hub.callTool('huge', 'pid', {}));
    const inFlight = hub.callTool('huge', 'wait', { ms: 1500 });
    const error = await failure(hub.callTool('huge', 'huge', { mib: 11 }));
    expect(error.code).toBe('REQUEST_FAILED');
    expect(error.message).toMatch(
      /The result of huge\/huge is too large: its answer is 11(\.0)? MiB, over the limit of 10 MiB/,
    );
    expect(textOf(await inFlight)).toBe('waited');
    expect(hub.server('huge')).toMatchObject({ status: 'ready' });
    expect(textOf(await hub.callTool('huge', 'pid', {}))).toBe(pid);
  }, 30_000);

  it('honours a configured limit', async () => {
    const hub = await hugeHub({ maxResultBytes: 1024 * 1024 });
    const error = await failure(hub.callTool('huge', 'huge', { mib: 2 }));
    expect(error.message).toMatch(/over the limit of 1(\.0)? MiB/);
    expect(textOf(await hub.callTool('huge', 'wait', { ms: 1 }))).toBe('waited');
  }, 30_000);
});
