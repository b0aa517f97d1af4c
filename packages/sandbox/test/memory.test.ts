// 1,000 executions must leave host memory flat: every handle, promise, timer and host function reference
// is disposed, and runtimes are freed (quickjs-emscripten would throw on a leaked handle).
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index.js';
import { expectOk } from './helpers.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function settledMemory(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss };
}

const PROGRAM = `export async function exec() {
  console.log('run');
  const [a, b] = await Promise.all([host(1), host(2)]);
  setTimeout(() => {}, 60_000);       // left pending: must be cancelled and freed
  host(3);                             // left pending: must be cancelled and freed
  if (a.n % 10 === 0) throw new Error('every tenth run fails');
  return { a, b, big: 'x'.repeat(1000) };
}`;

describe('host memory', () => {
  it('stays flat over 1,000 executions', { timeout: 120_000 }, async () => {
    // A disposal failure would be logged (and the WASM module reloaded): there must be none.
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (msg: string) => void warnings.push(msg),
      error: (msg: string) => void warnings.push(msg),
    };
    const sb = await createSandbox({ logger });
    let n = 0;
    const hostFunctions = { host: ([x]: unknown[]) => ({ n: ++n, x: x as number }) };
    const run = () => sb.run(PROGRAM, { hostFunctions });
    for (let i = 0; i < 50; i++) await run();
    const before = settledMemory();
    let failures = 0;
    for (let i = 0; i < 1_000; i++) {
      const result = await run();
      if (!result.ok) failures++;
      else expectOk(result);
    }
    const after = settledMemory();
    expect(warnings).toEqual([]);
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(1_000);
    expect(after.heap - before.heap).toBeLessThan(8 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
  });
});
