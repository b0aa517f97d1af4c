// `pnpm bench`: context economy, speed and memory of Runbyte against a traditional MCP client and a
// peer code-mode implementation, all in one run. Writes docs/benchmarks.{md,json} and the SVG charts.
// It records and never fails on timing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { forkForMessage } from './children.js';
import { measureEconomy, TASKS } from './economy.js';
import { repoRoot } from './paths.js';
import { measurePeer } from './peer.js';
import { renderMarkdown, renderSummary, renderTokenChart, renderSpeedChart } from './report.js';
import type { BenchResults, ColdStart, MemoryFigures } from './results.js';
import { summarize } from './stats.js';
import { measureBridge, measureBundle, measureCodegen, measureFloor, measureListing, measureRunbyteSpeed, type Skipped } from './speed.js';
import { TOKENIZER } from './tokens.js';

const started = performance.now();
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | Skipped> {
  try {
    return await fn();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    log(`${what} not measured: ${message}`);
    return { skipped: message };
  }
}

async function coldStarts(servers: number, runs: number): Promise<ColdStart> {
  const samples: { processToReadyMs: number; createToReadyMs: number; importMs: number; notReady: string[] }[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await forkForMessage('cold-start-child.js', [String(servers)], { timeoutMs: 180_000 }));
  }
  return {
    servers,
    processToReady: summarize(samples.map((s) => s.processToReadyMs)),
    createToReady: summarize(samples.map((s) => s.createToReadyMs)),
    importMs: summarize(samples.map((s) => s.importMs)),
    notReady: [...new Set(samples.flatMap((s) => s.notReady))],
  };
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  totalMemoryBytes: totalmem(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}`);

log('floor: direct SDK client → replay server over stdio');
const floor = await attempt('floor', measureFloor);

log('context economy at 1x and 10x');
const economyRun = await attempt('context economy', () => measureEconomy([1, 10], log));
const economy = 'skipped' in economyRun ? economyRun : economyRun.results;

log('listing latency (@runbyte/vfs over the catalogue at 1x and 10x)');
const listing = await attempt('listing', async () => [await measureListing(1), await measureListing(10)]);
log('bundle time');
const bundle = await attempt('bundle', () => measureBundle(TASKS[0]!.code));

const runbyte = await attempt('Runbyte speed', () => measureRunbyteSpeed(log));
log('bridged host call (sandbox alone)');
const bridge = await attempt('bridge', measureBridge);
const codegen = await attempt('codegen', () => measureCodegen(log));

log('cold start: 1 server (5 runs), 110 servers (2 runs)');
const coldStart = await attempt('cold start', async () => [await coldStarts(1, 5), await coldStarts(110, 2)]);

log('memory (child process with --expose-gc)');
const memory = await attempt('memory', () =>
  forkForMessage<MemoryFigures>('memory-child.js', ['1000'], { execArgv: ['--expose-gc'], timeoutMs: 300_000 }),
);

log('peer: @utcp/code-mode under Node 22');
const peer = await measurePeer(log);
if (peer.error) log(`peer: ${peer.error.split('\n')[0]}`);

const results: BenchResults = {
  date: new Date().toISOString(),
  machine,
  tokenizer: TOKENIZER,
  durationS: Math.round((performance.now() - started) / 100) / 10,
  economy,
  replayMatchesCatalogue: 'skipped' in economyRun ? undefined : economyRun.servedIdentical,
  floor,
  runbyte,
  coldStart,
  codegen,
  listing,
  bundle,
  bridge,
  memory,
  peer,
};

const docs = join(repoRoot, 'docs');
mkdirSync(docs, { recursive: true });
writeFileSync(join(docs, 'benchmarks.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(docs, 'benchmarks.md'), renderMarkdown(results));
writeFileSync(join(docs, 'benchmarks-tokens.svg'), renderTokenChart(results));
writeFileSync(join(docs, 'benchmarks-speed.svg'), renderSpeedChart(results));
process.stdout.write(`${renderSummary(results)}\n`);
log(`wrote docs/benchmarks.md, docs/benchmarks.json and the charts in ${results.durationS} s`);
process.exit(0);
