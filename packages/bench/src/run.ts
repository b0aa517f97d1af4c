// `pnpm bench`: context economy, speed and memory of Runbyte against a traditional MCP client and a
// peer code-mode implementation, all in one run. Writes docs/benchmarks.{md,json} and the SVG charts.
// It records and never fails on timing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { forkForMessage } from './children.js';
import { startHttpReplay } from './downstream.js';
import { measureEconomy, TASKS } from './economy.js';
import { repoRoot } from './paths.js';
import { measurePeer, type PeerFigures } from './peer.js';
import { PARTS, type PartResults } from './parts.js';
import { renderMarkdown, renderSummary, renderTokenChart, renderSpeedChart } from './report.js';
import type { BenchResults, ColdStart, MemoryFigures } from './results.js';
import { QUICK, summarize } from './stats.js';
import {
  measureBridge,
  measureBundle,
  measureCodegen,
  measureFloor,
  measureListing,
  type RunbyteSpeed,
  type Skipped,
} from './speed.js';
import { TOKENIZER } from './tokens.js';

const started = performance.now();
// Runbyte's data folder (learned result types) belongs to this run, children included: a run never reads
// what an earlier one learned, and never writes into the user's.
process.env.XDG_DATA_HOME = mkdtempSync(join(tmpdir(), 'runbyte-bench-data-'));
const loadAtStart = loadavg()[0]!;
const log = (msg: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

/** RUNBYTE_BENCH_ONLY=economy (comma-separated part names): run only those parts, into a temporary folder. */
const ONLY = process.env.RUNBYTE_BENCH_ONLY?.split(',')
  .map((p) => p.trim())
  .filter(Boolean);
const PART_NAMES = [
  'floor',
  'economy',
  'listing',
  'bundle',
  'speed',
  'bridge',
  'codegen',
  'skills',
  'cold-start',
  'memory',
  'peer',
];
const unknownParts = ONLY?.filter((p) => !PART_NAMES.includes(p) && !PARTS.some((part) => part.id === p)) ?? [];
if (unknownParts.length) {
  process.stderr.write(
    `RUNBYTE_BENCH_ONLY names unknown parts: ${unknownParts.join(', ')}; known: ${[...PART_NAMES, ...PARTS.map((p) => p.id)].join(', ')}\n`,
  );
  process.exit(2);
}
const wanted = (part: string) => !ONLY || ONLY.includes(part);

async function attempt<T>(what: string, fn: () => Promise<T>, part?: string): Promise<T | Skipped> {
  if (part !== undefined && !wanted(part)) return { skipped: `not run (RUNBYTE_BENCH_ONLY=${ONLY!.join(',')})` };
  try {
    return await fn();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    log(`${what} not measured: ${message}`);
    return { skipped: message };
  }
}

async function coldStarts(servers: number, runs: number, httpPort?: number): Promise<ColdStart> {
  const samples: {
    processToReadyMs: number;
    createToReadyMs: number;
    createResolvedMs: number;
    importMs: number;
    notReady: string[];
    connectedRss: number;
    generatedRss: number;
  }[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(
      await forkForMessage('cold-start-child.js', httpPort ? [String(servers), String(httpPort)] : [String(servers)], {
        execArgv: ['--expose-gc'],
        timeoutMs: 240_000,
      }),
    );
  }
  return {
    servers,
    transport: httpPort ? 'http' : 'stdio',
    processToReady: summarize(samples.map((s) => s.processToReadyMs)),
    createToReady: summarize(samples.map((s) => s.createToReadyMs)),
    importMs: summarize(samples.map((s) => s.importMs)),
    createResolved: summarize(samples.map((s) => s.createResolvedMs)),
    connectedRss: summarize(samples.map((s) => s.connectedRss)),
    generatedRss: summarize(samples.map((s) => s.generatedRss)),
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
log(
  `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}`,
);

log('floor: direct SDK client → replay server over stdio');
const floor = await attempt('floor', measureFloor, 'floor');

log('context economy at 1x, 10x and 100x (search-first flow)');
const economyRun = await attempt('context economy', () => measureEconomy(QUICK ? [1] : [1, 10, 100], log), 'economy');
const economy = 'skipped' in economyRun ? economyRun : economyRun.results;
const search = 'skipped' in economyRun ? economyRun : economyRun.search;

log('listing latency (@runbyte/vfs over the catalogue at 1x and 10x)');
const listing = await attempt(
  'listing',
  async () => (QUICK ? [await measureListing(1)] : [await measureListing(1), await measureListing(10)]),
  'listing',
);
log('bundle time');
const bundle = await attempt('bundle', () => measureBundle(TASKS[0]!.code), 'bundle');

log('Runbyte speed (fresh child process)');
const runbyte = await attempt(
  'Runbyte speed',
  () => forkForMessage<RunbyteSpeed>('speed-child.js', [], { timeoutMs: 300_000 }),
  'speed',
);
log('bridged host call (sandbox alone)');
const bridge = await attempt('bridge', measureBridge, 'bridge');
const codegen = await attempt('codegen', () => measureCodegen(log), 'codegen');
const skills = await attempt(
  'skills and bytes across the bridge',
  () => import('./skills.js').then((m) => m.measureSkills()),
  'skills',
);

log('cold start: 1 and 11 stdio servers, 110 servers over Streamable HTTP');
const coldStart = await attempt(
  'cold start',
  async () => {
    const out = [await coldStarts(1, QUICK ? 1 : 5), await coldStarts(11, QUICK ? 1 : 3)];
    const http = await startHttpReplay(10);
    try {
      out.push(await coldStarts(110, QUICK ? 1 : 3, http.port));
    } finally {
      await http.close();
    }
    return out;
  },
  'cold-start',
);

log('memory (child process with --expose-gc)');
const memory = await attempt(
  'memory',
  () =>
    forkForMessage<MemoryFigures>('memory-child.js', [QUICK ? '100' : '1000'], {
      execArgv: ['--expose-gc'],
      timeoutMs: 300_000,
    }),
  'memory',
);

log('peer: @utcp/code-mode under Node 22');
const peer: PeerFigures = wanted('peer')
  ? await measurePeer(log)
  : { name: '@utcp/code-mode', error: `not run (RUNBYTE_BENCH_ONLY=${ONLY!.join(',')})` };
if (peer.error) log(`peer: ${peer.error.split('\n')[0]}`);

const parts: PartResults = {};
for (const part of PARTS) {
  log(part.title);
  parts[part.id] = await attempt(part.title, () => part.run(log), part.id);
}

const results: BenchResults = {
  date: new Date().toISOString(),
  machine,
  tokenizer: TOKENIZER,
  durationS: Math.round((performance.now() - started) / 100) / 10,
  loadAverage: { start: loadAtStart, end: loadavg()[0]! },
  economy,
  search,
  replayMatchesCatalogue: 'skipped' in economyRun ? undefined : economyRun.servedIdentical,
  floor,
  runbyte,
  coldStart,
  codegen,
  listing,
  bundle,
  bridge,
  skills,
  memory,
  peer,
  parts,
};

// A quick or partial run checks the parts; its figures never replace the recorded ones.
const docs = QUICK || ONLY ? mkdtempSync(join(tmpdir(), 'runbyte-bench-quick-')) : join(repoRoot, 'docs');
mkdirSync(docs, { recursive: true });
writeFileSync(join(docs, 'benchmarks.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(docs, 'benchmarks.md'), renderMarkdown(results));
writeFileSync(join(docs, 'benchmarks-tokens.svg'), renderTokenChart(results));
writeFileSync(join(docs, 'benchmarks-speed.svg'), renderSpeedChart(results));
process.stdout.write(`${renderSummary(results)}\n`);
log(`wrote ${QUICK || ONLY ? docs : 'docs'}/benchmarks.md, benchmarks.json and the charts in ${results.durationS} s`);
process.exit(0);
