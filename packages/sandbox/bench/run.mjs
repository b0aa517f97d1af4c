// Measures the sandbox on this machine: node bench/run.mjs (after `pnpm build`). Prints medians.
import os from 'node:os';
import { createSandbox } from '../dist/index.js';
import { median, time } from './measure.mjs';

const sb = await createSandbox();

const ret1 = () => sb.run('export function exec() { return 1 }');
await time(ret1, 50);
const returnOne = await time(ret1, 300);

const noop = { hostFunctions: { f: () => null } };
const calls = (n) => () => sb.run(`export async function exec() { for (let i = 0; i < ${n}; i++) await f(i) }`, noop);
await time(calls(1000), 3);
const with0 = median(await time(calls(0), 30));
const with1000 = median(await time(calls(1000), 15));
const perCall = (with1000 - with0) / 1000;

const slow = { hostFunctions: { slow: () => new Promise((r) => setTimeout(() => r(1), 300)) } };
const concurrent = await time(
  () => sb.run('export async function exec() { return Promise.all([slow(), slow(), slow()]) }', slow),
  7,
);

// Worker mode: the same `return 1` and bridged call through one worker thread.
const workerSb = await createSandbox({ workers: 1 });
const wret1 = () => workerSb.run('export function exec() { return 1 }');
await time(wret1, 50);
const workerReturnOne = await time(wret1, 300);
const wcalls = (n) => () =>
  workerSb.run(`export async function exec() { for (let i = 0; i < ${n}; i++) await f(i) }`, noop);
await time(wcalls(1000), 2);
const wWith0 = median(await time(wcalls(0), 15));
const wWith1000 = median(await time(wcalls(1000), 7));
await workerSb.dispose();

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      returnOneMs: { median: +median(returnOne).toFixed(2), min: +Math.min(...returnOne).toFixed(2) },
      bridgedCallMs: +perCall.toFixed(4),
      concurrencyRatio: +(median(concurrent) / 300).toFixed(3),
      worker: {
        returnOneMs: { median: +median(workerReturnOne).toFixed(2), min: +Math.min(...workerReturnOne).toFixed(2) },
        bridgedCallMs: +((wWith1000 - wWith0) / 1000).toFixed(4),
      },
    },
    null,
    2,
  ),
);
