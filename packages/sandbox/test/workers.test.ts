import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  SandboxError,
  type JsonValue,
  type RunInput,
  type RunResult,
  type Sandbox,
} from '../src/index.js';
import { poolOf } from '../src/worker-pool.js';
import { ensureBuilt, expectFail, expectHealthy, expectOk } from './helpers.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    });
  });

let workers: Sandbox;
let inThread: Sandbox;

beforeAll(async () => {
  ensureBuilt();
  inThread = await createSandbox();
  workers = await createSandbox({ workers: 2 });
});

afterAll(async () => {
  await workers?.dispose();
});

describe('worker mode', () => {
  it('keeps the main thread responsive while a guest spins in while(true)', async () => {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 50);
    try {
      const result = await workers.run('export function exec() { while (true) {} }', { limits: { timeoutMs: 1_500 } });
      const failed = expectFail(result);
      expect(failed.error.kind).toBe('timeout');
      expect(failed.error.message).toContain('1500 ms time limit');
    } finally {
      clearInterval(interval);
    }
    // ~30 ticks when the thread is free; an in-thread run of the same loop gets none in.
    expect(ticks).toBeGreaterThanOrEqual(8);
  });

  it('ends a synchronous loop promptly when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const result = await workers.run('export function exec() { let i = 0; while (true) { i++ } }', {
      signal: controller.signal,
      limits: { timeoutMs: 20_000 },
    });
    expect(expectFail(result).error).toEqual({ kind: 'aborted', message: 'The execution was aborted by the caller.' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('runs another execution on the other worker while one spins', async () => {
    const spinning = workers.run('export function exec() { while (true) {} }', { limits: { timeoutMs: 3_000 } });
    const quick = await workers.run('export async function exec() { await null; return 42 }');
    const quickDone = performance.now();
    expect(expectOk(quick).value).toBe(42);
    const spun = await spinning;
    expect(expectFail(spun).error.kind).toBe('timeout');
    expect(performance.now() - quickDone).toBeGreaterThan(500);
  });

  it("times out or aborts a run stuck behind another run's loop on the same worker without waiting for the loop", async () => {
    const sb = await createSandbox({ workers: 1 });
    try {
      const started = performance.now();
      const spinning = sb.run('export function exec() { while (true) {} }', { limits: { timeoutMs: 6_000 } });
      const controller = new AbortController();
      const abortedRun = sb.run('export function exec() { return 1 }', { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const aborted = await abortedRun;
      expect(expectFail(aborted).error).toEqual({
        kind: 'aborted',
        message: 'The execution was aborted by the caller.',
      });
      expect(performance.now() - started).toBeLessThan(3_000);
      const queued = await sb.run('export function exec() { return 1 }', { limits: { timeoutMs: 300 } });
      const queuedAt = performance.now() - started;
      expect(expectFail(queued).error).toEqual({
        kind: 'timeout',
        message: 'The execution took longer than the 300 ms time limit and was stopped.',
      });
      // Its deadline plus the 2 s grace, before the spinning run's 6 s limit ends the loop.
      expect(queuedAt).toBeLessThan(5_500);
      expect(expectFail(await spinning).error.kind).toBe('timeout');
      await expectHealthy(sb);
    } finally {
      await sb.dispose();
    }
  });

  it('queues fairly: a trivial run finishes while two loopers hold both workers, on an extra worker', async () => {
    const sb = await createSandbox({ workers: 2, minWorkers: 2 });
    try {
      const pool = poolOf(sb)!;
      const order: string[] = [];
      const loop = (name: string) =>
        sb.run('export function exec() { while (true) {} }', { limits: { timeoutMs: 8_000 } }).then((r) => {
          order.push(name);
          return r;
        });
      const loopers = [loop('looper 1'), loop('looper 2')];
      const quick = await sb.run('export function exec() { return 1 }');
      order.push('quick');
      expect(expectOk(quick).value).toBe(1);
      // It ran on a third worker, started because both were busy with long runs.
      expect(pool.threads().length).toBeGreaterThanOrEqual(3);
      const looped = await Promise.all(loopers);
      expect(looped.map((r) => expectFail(r).error.kind)).toEqual(['timeout', 'timeout']);
      expect(order[0]).toBe('quick');
    } finally {
      await sb.dispose();
    }
  });

  it('starts workers on demand and retires idle ones beyond minWorkers', async () => {
    const sb = await createSandbox({ workers: 2, minWorkers: 0, workerIdleMs: 50 });
    try {
      const pool = poolOf(sb)!;
      expect(pool.threads()).toHaveLength(0);
      expect(expectOk(await sb.run('export function exec() { return 2 }')).value).toBe(2);
      expect(pool.threads()).toHaveLength(1);
      const exited = new Promise((resolve) => pool.threads()[0]!.once('exit', resolve));
      await exited;
      expect(pool.threads()).toHaveLength(0);
      expect(expectOk(await sb.run('export function exec() { return 3 }')).value).toBe(3);
    } finally {
      await sb.dispose();
    }
  });

  it('holds nothing per run once runs end: results, failures, aborts, pending calls', async () => {
    const sb = await createSandbox({ workers: 1 });
    try {
      const pool = poolOf(sb)!;
      const hostFunctions = { f: ([x]: JsonValue[]) => x ?? null, never: () => new Promise<null>(() => undefined) };
      for (let i = 0; i < 60; i++) {
        const controller = new AbortController();
        const code = [
          'export async function exec() { return await f(1) }',
          'export async function exec() { never(); throw new Error("x") }',
          'export async function exec() { await never() }',
        ][i % 3]!;
        if (i % 3 === 2) setTimeout(() => controller.abort(), 5);
        await sb.run(code, { hostFunctions, signal: controller.signal });
      }
      expect(pool.tracked()).toEqual({ runs: 0, queued: 0, requests: 0, active: 0 });
    } finally {
      await sb.dispose();
    }
  });

  it('replaces a worker whose WASM heap grew past the bound once its runs end', async () => {
    const sb = await createSandbox({ workers: 1, maxWorkerHeapBytes: 64 * 1024 * 1024 });
    try {
      const pool = poolOf(sb)!;
      const [first] = pool.threads();
      const exited = new Promise((resolve) => first!.once('exit', resolve));
      const big = await sb.run(
        'export function exec() { const a = []; for (let i = 0; i < 80; i++) a.push("x".repeat(1 << 20) + i); return a.length }',
        { limits: { memoryBytes: 128 * 1024 * 1024 } },
      );
      expect(expectOk(big).value).toBe(80);
      await exited;
      await expectHealthy(sb);
      expect(pool.threads()[0]).not.toBe(first);
    } finally {
      await sb.dispose();
    }
  });

  it('passes host function errors and non-JSON results to the guest as in-thread', async () => {
    const program = `export async function exec() {
      const out = [];
      try { await boom(); } catch (e) { out.push(e.name + ': ' + e.message); }
      try { await big(); } catch (e) { out.push(e.name + ': ' + e.message); }
      out.push(await nothing(), await echo({ a: [1, 'x', null] }, 2));
      return out;
    }`;
    const hostFunctions = {
      boom: () => {
        throw new Error('the downstream server said no');
      },
      big: () => ({ n: 10n }) as unknown as JsonValue,
      nothing: () => undefined,
      echo: (args: JsonValue[]) => args,
    };
    const [viaWorker, local] = await Promise.all([
      workers.run(program, { hostFunctions }),
      inThread.run(program, { hostFunctions }),
    ]);
    expect(expectOk(viaWorker).value).toEqual([
      'Error: the downstream server said no',
      'TypeError: The host function returned a value that is not JSON: Do not know how to serialize a BigInt',
      null,
      [{ a: [1, 'x', null] }, 2],
    ]);
    expect(strip(viaWorker)).toEqual(strip(local));
  });

  it('gives the same results and logs as in-thread', async () => {
    const programs: (string | RunInput)[] = [
      'export function exec() { return 1 }',
      `export async function exec() {
         console.log('start', { a: 1 }); console.warn('careful');
         await new Promise((r) => setTimeout(r, 20));
         return { date: new Date(0), set: new Set([1, 2]), nan: NaN, big: 10n, text: new TextDecoder().decode(new TextEncoder().encode('héllo')) };
       }`,
      'export async function exec() { return "x".repeat(100000) }',
      'export function exec() {\n  const user = null;\n  return user.name;\n}',
      'export function exec() { throw "plain" }',
      'export function exec() { const f = () => f(); return f() }',
      {
        entry: 'agent.js',
        modules: {
          'agent.js': { code: "import { twice } from './lib';\nexport async function exec() { return twice(21) }" },
          '/lib.js': { code: 'export const twice = (n) => n * 2;' },
        },
        links: { 'agent.js': { './lib': '/lib.js' } },
      },
      "import fs from 'fs'; export function exec() {}",
      'export async function exec() { await new Promise(() => {}) }',
    ];
    for (const program of programs) {
      const [viaWorker, local] = await Promise.all([workers.run(program), inThread.run(program)]);
      expect(strip(viaWorker), typeof program === 'string' ? program : program.entry).toEqual(strip(local));
    }
    // The programs above cover failures of every common kind, not just successes.
    expect(expectFail(await workers.run(programs[3]!)).error.frame).toContain('return user.name;');
  });

  it('allows recursion 1,000 deep in every worker after heavy work, and stops unbounded recursion', async () => {
    // Both workers: each loaded its own module, one after the other (the Liftoff flag is process-wide).
    const heavy = 'export function exec() { let x = 0; for (let i = 0; i < 5e6; i++) x += i % 7; return x }';
    await Promise.all([workers.run(heavy), workers.run(heavy)].map(async (r) => expectOk(await r)));
    const deep = 'function f(n) { return n === 0 ? 0 : 1 + f(n - 1) }\nexport function exec() { return f(1000) }';
    const results = await Promise.all([workers.run(deep), workers.run(deep)]);
    expect(results.map((r) => expectOk(r).value)).toEqual([1000, 1000]);
    const unbounded = await workers.run(
      'function f(n) { return f(n + 1) + 1 }\nexport function exec() { return f(0) }',
    );
    expect(expectFail(unbounded).error.kind).toBe('stack');
    await expectHealthy(workers);
  });

  it('rejects embedder mistakes in the calling thread, as in-thread', async () => {
    await expect(workers.run({ entry: 'x', modules: {} })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'entry',
    });
    await expect(workers.run('export function exec() {}', { limits: { timeoutMs: -1 } })).rejects.toMatchObject({
      code: 'INVALID_LIMITS',
    });
    await expect(createSandbox({ workers: 1.5 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS', field: 'workers' });
    // Fields the sandbox does not read need not survive a structured clone, as in-thread.
    const extra = {
      entry: 'a.js',
      modules: { 'a.js': { code: 'export function exec() { return 3 }', compiledBy: () => 'x' } },
    };
    expect(expectOk(await workers.run(extra)).value).toBe(3);
  });

  it('replaces a worker that dies and fails its in-flight runs clearly', async () => {
    const sb = await createSandbox({ workers: 1 });
    try {
      const pool = poolOf(sb)!;
      const [thread] = pool.threads();
      const inFlight = sb.run('export async function exec() { return await wait() }', {
        hostFunctions: {
          wait: () => {
            void thread!.terminate();
            return new Promise(() => undefined);
          },
        },
      });
      const lost = expectFail(await inFlight);
      expect(lost.error.kind).toBe('runtime');
      expect(lost.error.message).toMatch(/worker thread running this execution stopped unexpectedly.*run it again/);
      await expectHealthy(sb);
      expect(pool.threads()).toHaveLength(1);
      expect(pool.threads()[0]).not.toBe(thread);
    } finally {
      await sb.dispose();
    }
  });

  it('dispose() stops the workers, ends runs in flight and refuses later runs', async () => {
    const sb = await createSandbox({ workers: 2 });
    const threads = poolOf(sb)!.threads();
    const exits = threads.map((t) => new Promise<number>((resolve) => t.once('exit', resolve)));
    const inFlight = sb.run('export function exec() { while (true) {} }', { limits: { timeoutMs: 20_000 } });
    await sleep(100);
    await sb.dispose();
    await Promise.all(exits);
    expect(expectFail(await inFlight).error.message).toBe('The sandbox was disposed while this execution was running.');
    await expect(sb.run('export function exec() {}')).rejects.toBeInstanceOf(SandboxError);
    await expect(sb.run('export function exec() {}')).rejects.toMatchObject({ code: 'DISPOSED' });
    await sb.dispose();
    // In-thread mode: dispose is safe too.
    const local = await createSandbox();
    await local.dispose();
    await expect(local.run('export function exec() {}')).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('never keeps the process alive while idle, and starts under Node options a worker refuses', async () => {
    const script = `
      import { createSandbox } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const sb = await createSandbox({ workers: 2 });
      const r = await sb.run('export function exec() { return 7 }');
      process.stderr.write(JSON.stringify(r.value));
    `;
    // --expose-gc and --input-type are refused by worker threads; the pool must not pass them on.
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    expect(stderr).toBe('7');
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });
});

function strip(result: RunResult): Omit<RunResult, 'durationMs'> {
  const { durationMs: _ignored, ...rest } = result;
  return rest;
}
