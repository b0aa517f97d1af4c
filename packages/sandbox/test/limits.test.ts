import { describe, expect, it } from 'vitest';
import { expectFail, expectHealthy, expectOk, sandbox } from './helpers.js';

describe('limits', () => {
  it('stops while(true){} at the timeout', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('export function exec() { while (true) {} }', { limits: { timeoutMs: 300 } }),
    ).error;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('300 ms');
    await expectHealthy(sb);
  });

  it('stops a string-doubling memory bomb', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('export function exec() { let s = "x"; while (true) s += s; }', {
        limits: { memoryBytes: 32 * 1024 * 1024 },
      }),
    ).error;
    expect(error.kind).toBe('memory');
    expect(error.message).toContain('ran out of memory');
    await expectHealthy(sb);
  });

  it('stops an allocation loop at the memory limit', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('export function exec() { const a = []; while (true) a.push({ a: 1, b: [1, 2, 3] }); }', {
        limits: { memoryBytes: 16 * 1024 * 1024 },
      }),
    ).error;
    expect(error.kind).toBe('memory');
    await expectHealthy(sb);
  });

  it('allows legitimate recursion 1,000 deep even after the process is warm', async () => {
    const sb = await sandbox();
    // Heavy work first, so V8 has had every chance to tier the interpreter loop up.
    expectOk(await sb.run('export function exec() { let x = 0; for (let i = 0; i < 5e6; i++) x += i % 7; return x }'));
    const result = await sb.run(
      'function f(n) { return n === 0 ? 0 : 1 + f(n - 1) }\nexport function exec() { return f(1000) }',
    );
    expect(expectOk(result).value).toBe(1000);
    const nested = await sb.run(
      'export function exec() { let o = 0; for (let i = 0; i < 150; i++) o = { o }; return o }',
    );
    expect(JSON.stringify(expectOk(nested).value).length).toBeGreaterThan(150 * 5);
  });

  it('stops unbounded recursion', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('function f(n) { return f(n + 1) + 1 }\nexport function exec() { return f(0) }'),
    ).error;
    expect(error.kind).toBe('stack');
    expect(error.message).toContain('recursion');
    await expectHealthy(sb);
  });

  it('stops a microtask flood at the timeout', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run(
        'export function exec() { const f = () => Promise.resolve().then(f); f(); return new Promise(() => {}) }',
        { limits: { timeoutMs: 300 } },
      ),
    ).error;
    expect(error.kind).toBe('timeout');
    await expectHealthy(sb);
  });

  it('lets an abort through a microtask flood long before the timeout', async () => {
    const sb = await sandbox();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const result = await sb.run(
      'export function exec() { const f = () => Promise.resolve().then(f); f(); return new Promise(() => {}) }',
      {
        limits: { timeoutMs: 20_000 },
        signal: controller.signal,
      },
    );
    clearTimeout(timer);
    expect(expectFail(result).error.kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(10_000);
    await expectHealthy(sb);
  });

  it('stops a catastrophic regular expression at the timeout', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('export function exec() { return /^(a+)+$/.test("a".repeat(40) + "b") }', {
        limits: { timeoutMs: 300 },
      }),
    ).error;
    expect(error.kind).toBe('timeout');
    await expectHealthy(sb);
  });

  it('stops a program that keeps too many timers', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run('export function exec() { for (let i = 0; i < 100000; i++) setTimeout(() => {}, 60000) }', {
        limits: { maxTimers: 100 },
      }),
    ).error;
    expect(error.kind).toBe('limit');
    expect(error.message).toContain('100 timers');
    await expectHealthy(sb);
  });
});

describe('timers', () => {
  it('runs setTimeout and setInterval on the host clock and clears them', async () => {
    const sb = await sandbox();
    const result = await sb.run(`export async function exec() {
      const order = [];
      await new Promise((resolve) => setTimeout(() => { order.push('timeout'); resolve(); }, 20));
      let n = 0;
      await new Promise((resolve) => { const id = setInterval(() => { order.push('tick' + ++n); if (n === 3) { clearInterval(id); resolve(); } }, 5); });
      const cancelled = setTimeout(() => order.push('never'), 1);
      clearTimeout(cancelled);
      setTimeout((a, b) => order.push(a + b), 0, 'ar', 'gs');
      await new Promise((resolve) => setTimeout(resolve, 10));
      queueMicrotask(() => order.push('micro'));
      await null;
      return order;
    }`);
    expect(expectOk(result).value).toEqual(['timeout', 'tick1', 'tick2', 'tick3', 'args', 'micro']);
  });

  it('cancels timers still pending when exec settles', async () => {
    const sb = await sandbox();
    const calls: string[] = [];
    const result = await sb.run(
      `export function exec() { setTimeout(() => mark('late'), 30); setInterval(() => mark('tick'), 10); return 'done' }`,
      {
        hostFunctions: {
          mark: ([m]) => {
            calls.push(String(m));
            return null;
          },
        },
      },
    );
    expect(expectOk(result).value).toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(calls).toEqual([]);
  });

  it('fails the run on an uncaught error in a timer callback', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run(
        'export function exec() { setTimeout(() => { throw new Error("in timer") }, 1); return new Promise((r) => setTimeout(r, 50)) }',
      ),
    ).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toBe('Uncaught error in a timer callback: Error: in timer');
  });

  it('refuses strings of code', async () => {
    const sb = await sandbox();
    const error = expectFail(await sb.run('export function exec() { setTimeout("1+1", 1) }')).error;
    expect(error.message).toContain('setTimeout needs a function');
  });
});

describe('console', () => {
  it('captures every level with readable formatting', async () => {
    const sb = await sandbox();
    const result = await sb.run(`export function exec() {
      console.log('a', 1, { b: [1, 2] }, undefined, null);
      console.info('info'); console.warn('warn'); console.error(new TypeError('bad')); console.debug(10n, Symbol('s'));
    }`);
    const logs = expectOk(result).logs;
    expect(logs.map((l) => l.level)).toEqual(['log', 'info', 'warn', 'error', 'debug']);
    expect(logs[0]!.message).toBe('a 1 {"b":[1,2]} undefined null');
    expect(logs[3]!.message).toMatch(/^TypeError: bad\n\s+at exec \(main\.js:3/);
    expect(logs[4]!.message).toBe('10n Symbol(s)');
  });

  it('keeps output within the limits and marks the truncation', async () => {
    const sb = await sandbox();
    const result = await sb.run(
      `export function exec() { for (let i = 0; i < 100000; i++) console.log('line ' + i); return 'ok' }`,
      {
        limits: { maxLogEntries: 50 },
      },
    );
    const ok = expectOk(result);
    expect(ok.value).toBe('ok');
    expect(ok.logs).toHaveLength(51);
    expect(ok.logs[49]!.message).toBe('line 49');
    expect(ok.logs[50]).toEqual({ level: 'warn', message: expect.stringContaining('console output truncated') });
    expect(ok.logs[50]!.message).toContain('99950 later entries were dropped');
  });

  it('cuts by bytes too', async () => {
    const sb = await sandbox();
    const result = await sb.run(
      `export function exec() { console.log('x'.repeat(3000)); console.log('y'.repeat(3000)); }`,
      { limits: { logBytes: 4096 } },
    );
    const logs = expectOk(result).logs;
    expect(logs[0]!.message).toHaveLength(3000);
    expect(logs[1]!.message).toMatch(/^y+…\[message cut\]$/);
    expect(logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThan(4096 + 200);
    expect(logs.at(-1)!.message).toContain('console output truncated');
  });

  it('returns logs with a failure too', async () => {
    const sb = await sandbox();
    const result = expectFail(
      await sb.run(`export function exec() { console.log('before'); throw new Error('after') }`),
    );
    expect(result.logs).toEqual([{ level: 'log', message: 'before' }]);
  });
});
