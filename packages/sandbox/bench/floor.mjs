// The floor of one execution and of one host call, in-thread and in worker mode, and the host heap
// slope over 1,000 executions: node --expose-gc bench/floor.mjs (after `pnpm build`). Prints medians.
import os from 'node:os';
import { median, slope, time } from './measure.mjs';
const { createSandbox } = await import(process.env.SANDBOX_DIST ?? '../dist/index.js');

const gc = globalThis.gc ?? (() => undefined);

async function measure(sb) {
  const ret1 = () => sb.run('export function exec() { return 1 }');
  await time(ret1, 100);
  const returnOne = median(await time(ret1, 400));
  const now = { hostFunctions: { f: () => null } };
  const calls = (n) => () => sb.run(`export async function exec() { for (let i = 0; i < ${n}; i++) await f(i) }`, now);
  await time(calls(1000), 3);
  const perCall = (median(await time(calls(1000), 9)) - median(await time(calls(0), 30))) / 1000;
  // Host heap over 1,000 executions of one call each, sampled every 50 after a GC.
  const one = () => sb.run('export async function exec() { return await f(1) }', now);
  const xs = [];
  const heap = [];
  for (let i = 0; i <= 1000; i++) {
    if (i % 50 === 0) {
      for (let k = 0; k < 3; k++) {
        gc();
        await new Promise((r) => setTimeout(r, 5));
      }
      xs.push(i);
      heap.push(process.memoryUsage().heapUsed);
    }
    if (i < 1000) await one();
  }
  return {
    returnOneMs: +returnOne.toFixed(3),
    hostCallMs: +perCall.toFixed(4),
    heapSlopeKiBPerExec: +(slope(xs, heap) / 1024).toFixed(3),
  };
}

const only = process.argv[2];
const out = {
  date: new Date().toISOString(),
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
};
if (only !== 'worker') {
  const sb = await createSandbox();
  out.inThread = await measure(sb);
  await sb.dispose();
}
if (only !== 'in-thread') {
  const sb = await createSandbox({ workers: 1 });
  out.worker = await measure(sb);
  await sb.dispose();
}
console.log(JSON.stringify(out));
