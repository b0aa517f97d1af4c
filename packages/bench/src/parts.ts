// Parts of `pnpm bench` beyond the core runs. A part measures something, renders its own section and
// states its targets; adding one is one import and one entry in PARTS (run.ts and report.ts need no
// change). Its result is stored under `parts[id]` in benchmarks.json.
import { measureInstallSize, type InstallSize } from './install-size.js';
import { mib, ms, ratio, spread } from './format.js';
import { measureStartup, type StartupFigures } from './startup.js';
import type { Skipped } from './speed.js';
import { measureTypecheck, type TypecheckFigures } from './typecheck.js';

/** One target of an issue: what was measured against what it must reach. */
export interface Target {
  figure: string;
  measured: string;
  target: string;
  /** undefined: not measured. */
  met: boolean | undefined;
  floor?: string;
  previous?: string;
  /** Why a target was missed, from what the run measured. */
  reason?: string;
}

export interface BenchPart<T = unknown> {
  id: string;
  /** Heading of its section in docs/benchmarks.md. */
  title: string;
  run(log: (msg: string) => void): Promise<T>;
  section(result: T): string[];
  targets?(result: T): Target[];
}

const startupPart: BenchPart<StartupFigures> = {
  id: 'startup',
  title: 'Start-up from spawn (#15)',
  run: measureStartup,
  section: (r) => [
    'Each figure starts at the spawn of a process, as a desktop client sees it: the Runbyte CLI (`apps/runbyte/dist/cli.js`) over stdio, reached by the SDK client; runs alternate with the floor so both see the same load.',
    '',
    '| measure | median (min–max) |',
    '| --- | --- |',
    `| \`initialize\` answered, 11 stdio servers configured, one never answering | ${spread(r.initialize)} |`,
    `| floor: a bare SDK \`McpServer\` (no tools) answering \`initialize\` | ${spread(r.bareInitialize)} |`,
    `| first \`list_directory /servers\` answered, 11 healthy stdio servers (spawn → answer) | ${spread(r.firstListing)}${r.firstListingConnecting ? ` (${r.firstListingConnecting} still connecting)` : ''} |`,
    `| the slowest of the same 11 servers started at once by plain SDK clients (spawn → tools/list) | ${spread(r.slowestServerStart)} |`,
    '',
  ],
  targets: (r) => {
    const listBound = r.slowestServerStart.median + 200;
    return [
      {
        figure: '`initialize` from spawn, 11 stdio servers, one never answering',
        measured: ms(r.initialize.median),
        target: '≤ 300 ms',
        met: r.initialize.median <= 300,
        floor: `${ms(r.bareInitialize.median)} (bare SDK server)`,
        previous: '16.3 s (issue #15: waited for the 15 s connect timeout)',
        ...(r.initialize.median > 300
          ? {
              reason: `a bare SDK server needs ${ms(r.bareInitialize.median)} from spawn on this machine in the same run; Runbyte is ${ratio(r.initialize.median / r.bareInitialize.median)} of that (Node start-up and module loading before the first answer)`,
            }
          : {}),
      },
      {
        figure: 'first `list_directory /servers`, 11 healthy stdio servers',
        measured: ms(r.firstListing.median),
        target: `≤ slowest server's start-up + 200 ms = ${ms(listBound)}`,
        met: r.firstListing.median <= listBound,
        floor: `${ms(r.slowestServerStart.median)} (slowest server alone)`,
        previous: '5,772 ms (cold start to ready, 11 stdio servers, 2026-11-25)',
        ...(r.firstListing.median > listBound
          ? {
              reason: `${ms(r.firstListing.median - r.slowestServerStart.median)} over the slowest server: Runbyte's own process start and import come before it spawns the servers`,
            }
          : {}),
      },
    ];
  },
};

const MB = 1_000_000;

const installPart: BenchPart<InstallSize> = {
  id: 'installSize',
  title: 'Installed size (#15)',
  run: async () => measureInstallSize(),
  section: (r) => [
    `What \`npm install runbyte\` installs: \`pnpm -r pack\`, then \`npm install --omit=dev\` of the runbyte tarball in a fresh project (every @runbyte/* package from its tarball): **${(r.bytes / MB).toFixed(1)} MB** in ${r.files.toLocaleString('en-US')} files of ${r.packages} packages, each file counted once (${mib(r.bytes)}). Largest packages:`,
    '',
    '| package | size |',
    '| --- | ---: |',
    ...r.largest.map((p) => `| \`${p.name}\` | ${(p.bytes / MB).toFixed(1)} MB |`),
    '',
  ],
  targets: (r) => [
    {
      figure: 'installed size of `runbyte` with production dependencies',
      measured: `${(r.bytes / MB).toFixed(1)} MB`,
      target: '≤ 50 MB',
      met: r.bytes <= 50 * MB,
      previous: '90 MB (issue #15)',
      ...(r.bytes > 50 * MB
        ? {
            reason: `largest: ${r.largest
              .slice(0, 4)
              .map((p) => `${p.name} ${(p.bytes / MB).toFixed(1)} MB`)
              .join(', ')}`,
          }
        : {}),
    },
  ],
};

/** Every part, in the order they run (after the core runs) and appear in the report. */
const typecheckPart: BenchPart<TypecheckFigures> = {
  id: 'typecheck',
  title: 'Type-checking (#9)',
  run: () => measureTypecheck(),
  section: (r) => [
    `A 20-line script (two servers, \`@runbyte/fs\`, untyped helpers, \`catch (e)\`) checked against the catalogue ×10 (${r.checker.servers} servers) by one long-lived checker; \`return 1\` through \`executeCode\` in-thread with checking off and on.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| import the compiler | ${ms(r.checker.importCompilerMs)} |`,
    `| first check after start | ${ms(r.checker.firstCheckMs)} |`,
    `| warm check, median of 30 (new code each time) | ${spread(r.checker.warm)} |`,
    `| heap the checker keeps after checking | ${r.checker.heapAddedMiB} MiB (RSS +${r.checker.rssAddedMiB} MiB) |`,
    `| \`return 1\`, checking off | ${spread(r.returnOne.off)} |`,
    `| \`return 1\`, checking on | ${spread(r.returnOne.on)} |`,
    '',
  ],
  targets: (r) => [
    {
      figure: 'type-check of a 20-line script against the 10× catalogue, warm median',
      measured: ms(r.checker.warm.median),
      target: '≤ 100 ms',
      met: r.checker.warm.median <= 100,
    },
    {
      figure: 'first type-check after start',
      measured: ms(r.checker.firstCheckMs),
      target: '≤ 1.5 s',
      met: r.checker.firstCheckMs <= 1500,
    },
    {
      figure: 'memory the checker adds',
      measured: `${Math.max(r.checker.heapAddedMiB, r.checker.rssAddedMiB)} MiB (the larger of heap and RSS growth)`,
      target: '≤ 80 MiB',
      met: Math.max(r.checker.heapAddedMiB, r.checker.rssAddedMiB) <= 80,
    },
    {
      figure: '`return 1` with checking on, above checking off',
      measured: ms(r.returnOne.addedMs),
      target: '≤ 5 ms',
      met: r.returnOne.addedMs <= 5,
      floor: `${ms(r.returnOne.off.median)} (checking off)`,
    },
  ],
};

export const PARTS: BenchPart[] = [startupPart as BenchPart, installPart as BenchPart, typecheckPart as BenchPart];

export type PartResults = Record<string, unknown | Skipped>;
