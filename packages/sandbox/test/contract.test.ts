// The sandbox contract, one suite over both executors (in-thread and worker threads): the same
// programs must give the same results in either mode.
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox, type JsonValue, type Sandbox } from '../src/index.js';
import { ensureBuilt, expectFail, expectHealthy, expectOk } from './helpers.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    });
  });

const MODES = [
  { mode: 'in-thread', workers: 0 },
  { mode: 'worker', workers: 2 },
] as const;

const opened: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(opened.map((sb) => sb.dispose()));
});

describe.each(MODES)('sandbox contract ($mode)', ({ workers }) => {
  let shared: Promise<Sandbox> | undefined;
  const sandbox = () => {
    if (workers > 0) ensureBuilt();
    shared ??= createSandbox({ workers, libraryDir: '/servers/' }).then((sb) => (opened.push(sb), sb));
    return shared;
  };

  it('runs three 300 ms host calls concurrently under Promise.all', async () => {
    const sb = await sandbox();
    const starts: number[] = [];
    const ends: number[] = [];
    const slow = async ([x]: JsonValue[]) => {
      starts.push(performance.now());
      await sleep(300);
      ends.push(performance.now());
      return { doubled: (x as number) * 2 };
    };
    const result = await sb.run('export async function exec() { return Promise.all([slow(1), slow(2), slow(3)]) }', {
      hostFunctions: { slow },
    });
    expect(expectOk(result).value).toEqual([{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }]);
    // All three were in flight together, and the whole batch took about one call, not three.
    expect(Math.max(...starts)).toBeLessThan(Math.min(...ends));
    expect(Math.max(...ends) - Math.min(...starts)).toBeLessThan(850);
  });

  it('keeps concurrent runs isolated from each other', async () => {
    const sb = await sandbox();
    const program = `let mine = 0;
      export async function exec() { for (let i = 0; i < 5; i++) { mine += await tick(); } return [mine, typeof other] }`;
    const run = (step: number) =>
      sb.run(program, {
        hostFunctions: { tick: () => new Promise<JsonValue>((resolve) => setTimeout(() => resolve(step), 5)) },
      });
    const results = await Promise.all([
      run(1),
      run(10),
      sb.run('export function exec() { globalThis.other = 1; throw new Error("x") }'),
    ]);
    expect(expectOk(results[0]).value).toEqual([5, 'undefined']);
    expect(expectOk(results[1]).value).toEqual([50, 'undefined']);
    expect(expectFail(results[2]).error.message).toBe('Error: x');
  });

  it('passes arguments and results as JSON only', async () => {
    const sb = await sandbox();
    let received: JsonValue[] = [];
    const result = await sb.run(
      `export async function exec() {
        const back = await echo('s', 1, { d: new Date(0), u: undefined, big: 5n, f() {} }, [undefined]);
        return [typeof back, back.isHost, Object.keys(back), await nothing()];
      }`,
      {
        hostFunctions: {
          echo: (args) => {
            received = args;
            return { isHost: true, fn: undefined } as unknown as JsonValue;
          },
          nothing: () => undefined,
        },
      },
    );
    expect(received).toEqual(['s', 1, { d: '1970-01-01T00:00:00.000Z', big: '5', f: '[Function: f]' }, [null]]);
    expect(expectOk(result).value).toEqual(['object', true, ['isHost'], null]);
  });

  it('rejects the guest promise with the host error message only', async () => {
    const sb = await sandbox();
    const result = await sb.run(
      `export async function exec() {
        try { await fail(); } catch (e) { return [e instanceof Error, e.message, String(e.stack).includes('node_modules')] }
      }`,
      {
        hostFunctions: {
          fail: () => {
            throw new Error('quota exceeded for /secret/host/path? no: just this message');
          },
        },
      },
    );
    expect(expectOk(result).value).toEqual([
      true,
      'quota exceeded for /secret/host/path? no: just this message',
      false,
    ]);
  });

  it('reports an uncaught host error as a runtime error of the user code', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('export async function exec() {\n  await fail();\n}', {
        hostFunctions: { fail: async () => Promise.reject(new Error('downstream is down')) },
      }),
    ).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toBe('Error: downstream is down');
  });

  it('cancels host calls still pending when exec settles', async () => {
    const sb = await sandbox();
    let sawAbort = false;
    let settledAt = 0;
    const result = await sb.run('export async function exec() { never(); await null; return "early" }', {
      hostFunctions: {
        never: async (_args, { signal }) => {
          await sleep(5_000, signal).catch(() => {
            sawAbort = signal.aborted;
            settledAt = performance.now();
          });
          return null;
        },
      },
    });
    const returnedAt = performance.now();
    expect(expectOk(result).value).toBe('early');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sawAbort).toBe(true);
    expect(settledAt - returnedAt).toBeLessThan(1_000);
  });

  it('stops promptly when the caller aborts, firing the signal of pending calls', async () => {
    const sb = await sandbox();
    const controller = new AbortController();
    let callSignal: AbortSignal | undefined;
    let aborted: Promise<void> | undefined;
    let started = 0;
    const result = await sb.run('export async function exec() { await wait(); return 1 }', {
      signal: controller.signal,
      hostFunctions: {
        wait: async (_a, { signal }) => {
          callSignal = signal;
          aborted = new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
          started = performance.now();
          setTimeout(() => controller.abort(), 50);
          await sleep(10_000, signal);
          return null;
        },
      },
    });
    expect(expectFail(result).error.kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(callSignal?.aborted).toBe(true);
    await expect(aborted).resolves.toBeUndefined();
    await expectHealthy(sb);
  });

  it('does not start when the signal is already aborted', async () => {
    const sb = await sandbox();
    const result = await sb.run('export function exec() { return 1 }', { signal: AbortSignal.abort() });
    expect(expectFail(result).error.kind).toBe('aborted');
  });

  it('cuts pending host calls at the timeout', async () => {
    const sb = await sandbox();
    let callSignal: AbortSignal | undefined;
    const result = await sb.run('export async function exec() { await wait() }', {
      limits: { timeoutMs: 200 },
      hostFunctions: {
        wait: async (_a, { signal }) => {
          callSignal = signal;
          await sleep(10_000, signal);
          return null;
        },
      },
    });
    const error = expectFail(result).error;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('200 ms');
    expect(callSignal?.aborted).toBe(true);
  });

  it('caps a huge error message, with a note saying how much was cut', async () => {
    const sb = await sandbox();
    const result = await sb.run("export function exec() { throw new Error('x'.repeat(3e6)) }");
    const error = expectFail(result).error;
    expect(error.kind).toBe('runtime');
    expect(error.message.startsWith('Error: xxx')).toBe(true);
    expect(error.message.length).toBeLessThanOrEqual(4_096);
    expect(error.message).toMatch(/more characters cut\]$/);
    expect(error.stack!.length).toBeLessThanOrEqual(8_192);
    expect(error.frame!.length).toBeLessThanOrEqual(4_096);
    await expectHealthy(sb);
  });

  it('enforces the memory limit on what one execution holds in total, not per allocation', async () => {
    const sb = await sandbox();
    const limits = { memoryBytes: 64 * 1024 * 1024, timeoutMs: 20_000 };
    // Each chunk is far under the limit; together they are 400 MiB.
    for (const chunk of ["'x'.repeat(1 << 20) + i", 'new ArrayBuffer(1 << 20)', 'new Uint8Array(1 << 20)']) {
      const result = await sb.run(
        `export function exec() { const a = []; for (let i = 0; i < 400; i++) a.push(${chunk}); return a.length }`,
        { limits },
      );
      expect(expectFail(result).error.kind, chunk).toBe('memory');
    }
    await expectHealthy(sb);
  });

  it('points an error thrown in a library module (libraryDir) at the user line that called it', async () => {
    const sb = await sandbox();
    const result = await sb.run({
      entry: 'agent.js',
      modules: {
        'agent.js': {
          code: "import { call } from '/servers/x/index.js';\nexport function exec() {\n  return call();\n}",
        },
        '/servers/x/index.js': { code: "export function call() {\n  throw new Error('tool failed');\n}" },
      },
    });
    const error = expectFail(result).error;
    expect(error.location).toMatchObject({ file: 'agent.js', line: 3 });
    expect(error.stack).toContain('/servers/x/index.js:2');
  });
});
