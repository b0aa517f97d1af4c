import { economyRows, economySection } from './report-economy.js';
import { targetsSection } from './report-targets.js';
import { PARTS } from './parts.js';
import { mib, ms, pct, ratio, seconds, spread, tokens } from './format.js';
import type { BenchResults } from './results.js';
import {
  CONCURRENT_EXECUTIONS,
  isSkipped,
  PARALLEL_CALLS,
  SEQUENTIAL_CALLS,
  SLOW_MS,
  type Figure,
  type Skipped,
} from './speed.js';

const fig = (f: Figure | undefined, unit: 'ms' | 's' = 'ms') =>
  f === undefined ? 'n/a' : isSkipped(f) ? `not measured: ${f.skipped}` : spread(f, unit);
const ok = <T extends object>(v: T | Skipped): v is T => !isSkipped(v);

interface Derived {
  seqRatio?: number;
  parallelRatio?: number;
  peerSeqRatio?: number;
  peerParallelRatio?: number;
}

function derive(r: BenchResults): Derived {
  const d: Derived = {};
  const floor =
    ok(r.runbyte) && r.runbyte.directPerCall && !isSkipped(r.runbyte.directPerCall)
      ? r.runbyte.directPerCall.median
      : ok(r.floor)
        ? r.floor.perCallInBatch.median
        : undefined;
  if (ok(r.runbyte)) {
    if (floor && !isSkipped(r.runbyte.sequentialPerCall)) d.seqRatio = r.runbyte.sequentialPerCall.median / floor;
    if (!isSkipped(r.runbyte.parallel)) d.parallelRatio = r.runbyte.parallel.median / SLOW_MS;
  }
  if (r.peer.sequentialPerCall && r.peer.floorPerCallInBatch)
    d.peerSeqRatio = r.peer.sequentialPerCall.median / r.peer.floorPerCallInBatch.median;
  if (r.peer.parallel) d.peerParallelRatio = r.peer.parallel.median / SLOW_MS;
  return d;
}

/** Three to five lines for the root README. */
export function renderSummary(r: BenchResults): string {
  const lines: string[] = [];
  const at = (scale: number) => economyRows(r).filter((e) => e.scale === scale && e.runbyte);
  for (const scale of [10, 100]) {
    const rows = at(scale);
    if (!rows.length) continue;
    lines.push(
      `- **Context at ${scale}×** (${rows[0]!.servers.toLocaleString('en-US')} servers, ${rows[0]!.tools.toLocaleString('en-US')} real tool definitions, ${r.tokenizer}, search-first flow): ${rows.map((e) => `${e.short.toLowerCase()} ${tokens(e.runbyte!.total)} tokens in ${e.runbyte!.steps.length} calls against ${tokens(e.traditional.total)} (−${pct(e.reductionPct, 2)})`).join('; ')}.`,
    );
  }
  if (!isSkipped(r.search) && r.search[0]) {
    const q = r.search[0];
    lines.push(
      `- **Search**: hit@1 ${q.hitAt1}/${q.intents}, hit@3 ${q.hitAt3}/${q.intents} over the paraphrased intents set.`,
    );
  }
  const d = derive(r);
  if (ok(r.runbyte) && ok(r.floor)) {
    const rb = r.runbyte;
    lines.push(
      `- **Speed** (${r.machine.cpus}-core machine): \`execute_code\` of \`return 1\` ${isSkipped(rb.return1) ? 'n/a' : ms(rb.return1.median)}; a tool call inside code ${isSkipped(rb.sequentialPerCall) ? 'n/a' : ms(rb.sequentialPerCall.median)} against ${rb.directPerCall && !isSkipped(rb.directPerCall) ? ms(rb.directPerCall.median) : ms(r.floor.perCallInBatch.median)} for a direct MCP client (${ratio(d.seqRatio ?? Number.NaN)}); \`Promise.all\` of ${PARALLEL_CALLS} calls of ${SLOW_MS} ms in ${isSkipped(rb.parallel) ? 'n/a' : ms(rb.parallel.median)} (${ratio(d.parallelRatio ?? Number.NaN)}).`,
    );
  }
  if (r.peer.return1 && r.peer.parallel && r.peer.sequentialPerCall) {
    lines.push(
      `- **Peer** (\`@utcp/code-mode\` ${r.peer.codeModeVersion ?? ''} on isolated-vm, Node ${r.peer.node ?? '22'}, same workloads and replay server): \`return 1\` ${ms(r.peer.return1.median)}, ${ms(r.peer.sequentialPerCall.median)} per sequential call, \`Promise.all\` of ${PARALLEL_CALLS} × ${SLOW_MS} ms in ${ms(r.peer.parallel.median)} (its tool calls block the isolate, so they run one after another).`,
    );
  } else if (r.peer.error) {
    lines.push(`- **Peer** \`@utcp/code-mode\` could not run: ${r.peer.error.split('\n')[0]}.`);
  }
  const cold110 = ok(r.coldStart) ? r.coldStart.find((c) => c.servers === 110) : undefined;
  const cold11 = ok(r.coldStart) ? r.coldStart.find((c) => c.servers === 11) : undefined;
  if (ok(r.memory)) {
    lines.push(
      `- **Start and memory**: ${cold110 ? `ready with 110 servers (Streamable HTTP) in ${seconds(cold110.processToReady.median)} from process start; ` : ''}RSS ${mib(r.memory.idleRss)} idle with 13 servers${cold11 ? ` (${mib(cold11.connectedRss.median)} with the 11 catalogue servers)` : ''}, ${cold110 ? `${mib(cold110.generatedRss.median)} with 110 servers' libraries generated, ` : ''}${mib(r.memory.concurrentPeakRss)} at the peak of ${CONCURRENT_EXECUTIONS} concurrent executions; ${(r.memory.heapSlopeBytesPerExecution / 1024).toFixed(2)} KiB of heap per execution over ${r.memory.executions.toLocaleString('en-US')} executions.`,
    );
  }
  return lines.join('\n');
}

function speedSection(r: BenchResults): string[] {
  const d = derive(r);
  const rb = ok(r.runbyte) ? r.runbyte : undefined;
  const peer = r.peer;
  const floor = ok(r.floor) ? r.floor : undefined;
  const out = [
    '## Speed',
    '',
    `Medians with (min–max) over the runs shown in \`benchmarks.json\`. All in one run, on the machine above. The downstream server is the replay server over stdio; \`slow\` is the same server answering after ${SLOW_MS} ms. Runbyte runs with its defaults, so executions run in worker threads (\`server.workers\`: the number of CPUs, at most 4); \`@runbyte/sandbox\` alone runs in-thread.`,
    '',
    '![Speed: Runbyte vs @utcp/code-mode vs a direct MCP client](benchmarks-speed.svg)',
    '',
  ];
  out.push('| workload | Runbyte | `@utcp/code-mode` (peer) | goal |', '| --- | --- | --- | --- |');
  out.push(
    `| the floor: one direct SDK client call over stdio | ${floor ? `${fig(floor.perCall)}; in batches of ${SEQUENTIAL_CALLS}: ${fig(floor.perCallInBatch)} per call` : fig(r.floor as Skipped)} | ${peer.floorPerCallInBatch ? `${fig(peer.floorPerCallInBatch)} per call (Node ${peer.node})` : 'n/a'} | |`,
  );
  if (!rb) {
    out.push(`| Runbyte | not measured: ${(r.runbyte as Skipped).skipped} | | |`);
  } else {
    out.push(
      `| \`execute_code\` of \`return 1\`, end to end in process | ${fig(rb.return1)} | ${peer.return1 ? fig(peer.return1) : 'n/a'} | ≤ 2 ms |`,
    );
    out.push(`| the same through an MCP client (in-memory transport) | ${fig(rb.return1OverMcp)} | | |`);
    if (ok(r.bridge)) {
      out.push(`| of which \`@runbyte/bundler\` alone (new code each time) | ${fig(r.bridge.bundleReturn1)} | | |`);
      out.push(`| of which \`@runbyte/sandbox\` \`run\` alone (bundled) | ${fig(r.bridge.sandboxReturn1)} | | |`);
    }
    out.push(
      `| one execution making ${SEQUENTIAL_CALLS} sequential tool calls | ${fig(rb.sequentialExecution)} | ${peer.sequentialExecution ? fig(peer.sequentialExecution) : 'n/a'} | |`,
    );
    out.push(
      `| cost per tool call inside code, against the floor | ${fig(rb.sequentialPerCall)}: **${ratio(d.seqRatio ?? Number.NaN)}** | ${peer.sequentialPerCall ? `${fig(peer.sequentialPerCall)}: **${ratio(d.peerSeqRatio ?? Number.NaN)}** of its floor` : 'n/a'} | ≤ 1.3× |`,
    );
    out.push(
      `| of which the hub alone (\`hub.callTool\`, ${SEQUENTIAL_CALLS} sequential calls from the host, per call) | ${fig(rb.hubPerCall)} | | |`,
    );
    if (rb.directPerCall)
      out.push(
        `| the direct SDK client in the same process, batches of ${SEQUENTIAL_CALLS} alternating with the executions above (the ratio's floor) | ${fig(rb.directPerCall)} per call | | |`,
      );
    if (rb.validation)
      out.push(
        `| argument validation (#9): \`hub.callTool\` per call with validation on / off, alternating batches | ${isSkipped(rb.validation) ? fig(rb.validation) : `${fig(rb.validation.onPerCall)} / ${fig(rb.validation.offPerCall)}: **${ms(rb.validation.costPerCallMs)}** per call`} | | ≤ 0.02 ms |`,
      );
    out.push(
      `| \`Promise.all\` of ${PARALLEL_CALLS} calls of ${SLOW_MS} ms | ${fig(rb.parallel)}: **${ratio(d.parallelRatio ?? Number.NaN)}** of ${SLOW_MS} ms | ${peer.parallel ? `${fig(peer.parallel)}: **${ratio(d.peerParallelRatio ?? Number.NaN)}**` : 'n/a'} | < 1.3× |`,
    );
    out.push(
      `| ${CONCURRENT_EXECUTIONS} concurrent executions, one tool call each (wall time of all) | ${fig(rb.concurrent)}; each: ${fig(rb.concurrentPerExecution)} | | |`,
    );
  }
  if (r.skills && ok(r.skills)) {
    const s = r.skills;
    out.push(
      `| execution that saves a skill (bundled, type-checked, versioned) | ${fig(s.saveSkillMs)} | | |`,
      `| execution that imports a saved skill and calls it | ${fig(s.importSkillMs)} | | |`,
      `| \`writeBytes\` / \`readBytes\` of ${mib(s.bridgeBytes)} across the bridge | ${mib(s.writeBytesPerS.median)}/s / ${mib(s.readBytesPerS.median)}/s | | |`,
    );
  }
  out.push(
    `| one bridged host call (\`@runbyte/sandbox\` alone, no-op host function) | ${ok(r.bridge) ? `${ms(r.bridge.perCallMs)} (${r.bridge.calls.toLocaleString('en-US')} awaited calls: ${ms(r.bridge.withCalls.median)}, the same loop without calls: ${ms(r.bridge.baseline.median)})` : fig(r.bridge as Skipped)} | | < 0.05 ms |`,
  );
  if (
    rb &&
    floor &&
    !isSkipped(rb.sequentialPerCall) &&
    !isSkipped(rb.hubPerCall) &&
    rb.directPerCall &&
    !isSkipped(rb.directPerCall)
  ) {
    const direct = rb.directPerCall.median;
    const hub = rb.hubPerCall.median;
    const code = rb.sequentialPerCall.median;
    out.push(
      '',
      `Where a tool call's time goes (medians of this run, per call): the direct SDK client ${ms(direct)}; \`hub.callTool\` from the host ${ms(hub)} (+${ms(hub - direct)}: the hub's checks, argument validation and its own SDK client); from code in a worker ${ms(code)} (+${ms(code - hub)} over the hub: the guest's argument conversion, the QuickJS → host bridge${ok(r.bridge) ? ` (${ms(r.bridge.perCallMs)} for a no-op host function in-thread)` : ''}, the worker → main-thread hop, and the result crossing back as JSON). Results are unwrapped on the host (\`unwrapOnHost\`), so the guest no longer walks the content or parses JSON text in QuickJS. What is left is in the sandbox: in worker mode a result is serialized on the main thread, parsed in the worker and serialized again before it enters QuickJS, and the arguments are parsed in the worker and structured-cloned to the main thread.`,
    );
  }
  out.push('');
  return out;
}

function startSection(r: BenchResults): string[] {
  let stdio110Note = false;
  const out = ['## Start-up, code generation, listing, bundling', ''];
  out.push('| measure | median (min–max) |', '| --- | --- |');
  if (ok(r.coldStart)) {
    for (const c of r.coldStart) {
      out.push(
        `| cold start to ready, ${c.servers} ${c.transport === 'http' ? 'Streamable HTTP' : 'stdio'} server${c.servers > 1 ? 's' : ''}: process start → \`createRunbyte\` resolved and first \`list_directory /servers\` answered (${c.processToReady.runs} runs) | ${spread(c.processToReady)} |`,
      );
      out.push(
        `| of which \`createRunbyte\` → ready (\`createRunbyte\` resolving: ${spread(c.createResolved)}) | ${spread(c.createToReady)} |`,
      );
      if (c.notReady.length) out.push(`| servers not ready | ${c.notReady.join('; ')} |`);
    }
  } else out.push(`| cold start | not measured: ${r.coldStart.skipped} |`);
  stdio110Note = true;
  if (ok(r.codegen)) {
    out.push(
      `| codegen of the whole catalogue (${r.codegen.catalogueTools} tools, \`generateServer\` per server) | ${fig(r.codegen.catalogue)} |`,
    );
    out.push(`| codegen of 1,000 tools | ${fig(r.codegen.thousandTools)} |`);
    out.push(
      `| \`planServer\` (names and summaries only, what listings need) of 1,000 tools | ${fig(r.codegen.thousandPlan)} |`,
    );
  } else out.push(`| codegen | not measured: ${r.codegen.skipped} |`);
  if (ok(r.listing)) {
    for (const l of r.listing) {
      out.push(`| ${l.scale}× (${l.servers} servers): \`list_directory /servers\` | ${fig(l.listRoot)} |`);
      out.push(`| ${l.scale}×: \`list_directory /servers/github\` with descriptions | ${fig(l.listServer)} |`);
      out.push(`| ${l.scale}×: \`read_file\` of a generated tool file (cached) | ${fig(l.readToolFile)} |`);
      out.push(
        `| ${l.scale}×: first read of a server not opened before (its library generated on demand) | ${fig(l.firstServerRead)} |`,
      );
    }
  } else out.push(`| listing | not measured: ${r.listing.skipped} |`);
  if (ok(r.bundle)) {
    out.push(`| bundle, first in the process (compilers loaded) | ${fig(r.bundle.firstInProcess)} |`);
    out.push(`| bundle, cold (a new bundler, empty cache) | ${fig(r.bundle.cold)} |`);
    out.push(`| bundle, warm (new agent code, generated modules cached) | ${fig(r.bundle.warm)} |`);
    out.push(`| bundle, same code again (content cache) | ${fig(r.bundle.cached)} |`);
  } else out.push(`| bundle | not measured: ${r.bundle.skipped} |`);
  out.push('');
  if (stdio110Note) {
    out.push(
      "Why 110 servers over Streamable HTTP: the replay servers are Node processes, and a development run of this bench (2026-11-25, load average about 40 from other work on the 2 cores) started 110 of them over stdio at once: none answered `initialize` within the hub's 15 s connect timeout, the hub's retries kept the machine saturated, and `createRunbyte` resolved after 516 s with no server ready. That measures the machine, not Runbyte, so the 10× figures reach the same 110 servers over Streamable HTTP from one replay process (the 1× figures use stdio).",
      '',
    );
  }
  return out;
}

function memorySection(r: BenchResults): string[] {
  const out = ['## Memory', ''];
  if (!ok(r.memory)) return [...out, `Not measured: ${r.memory.skipped}`, ''];
  const m = r.memory;
  out.push(
    ...(r.memoryRerun
      ? [
          `These memory figures come from a separate run of the memory child at ${r.memoryRerun.date.slice(0, 16).replace('T', ' ')} UTC: ${r.memoryRerun.reason}.`,
          '',
        ]
      : []),
    'Resident set size of the Runbyte process alone (a child process started with `--expose-gc`; the downstream servers are processes of their own and not counted), after garbage collection unless marked as a peak.',
    '',
    '| state | RSS |',
    '| --- | ---: |',
    `| Node with the Runbyte modules loaded, before \`createRunbyte\` | ${mib(m.baselineRss)} |`,
    `| idle, 13 servers connected (the catalogue and the speed servers) | ${mib(m.idleRss)} |`,
    `| peak during ${CONCURRENT_EXECUTIONS} concurrent executions (sampled every 2 ms) | ${mib(m.concurrentPeakRss)} |`,
    ...(ok(r.coldStart)
      ? r.coldStart.flatMap((c) => [
          `| ${c.servers} ${c.transport === 'http' ? 'HTTP' : 'stdio'} server${c.servers > 1 ? 's' : ''} connected, after one execution (in the cold-start process, median of ${c.generatedRss.runs}) | ${mib(c.connectedRss.median)} |`,
          `| ${c.servers} ${c.transport === 'http' ? 'HTTP' : 'stdio'} server${c.servers > 1 ? 's' : ''} with every library generated | ${mib(c.generatedRss.median)} |`,
        ])
      : []),
    '',
    `Over ${m.executions.toLocaleString('en-US')} executions (one tool call each), sampled every 50: heap slope **${(m.heapSlopeBytesPerExecution / 1024).toFixed(2)} KiB per execution**, RSS slope ${(m.rssSlopeBytesPerExecution / 1024).toFixed(2)} KiB per execution (heap ${mib(m.series.heapUsed[0]!)} → ${mib(m.series.heapUsed[m.series.heapUsed.length - 1]!)}, RSS ${mib(m.series.rss[0]!)} → ${mib(m.series.rss[m.series.rss.length - 1]!)}).`,
    '',
  );
  return out;
}

function peerSection(r: BenchResults): string[] {
  const p = r.peer;
  const out = ['## The peer: `@utcp/code-mode`', ''];
  out.push(
    '`@utcp/code-mode` runs agent code in V8 isolates through `isolated-vm`. isolated-vm 6 ships prebuilt binaries only for the Node 22 and 24 ABIs (127 and 137) and does not compile on this Node 20, so the bench runs the peer in a child process under Node 22 (`RUNBYTE_BENCH_NODE`, the CI tools folder, or the npm package `node@22` fetched with `npx -y -p node@22` at bench time only), with `--no-node-snapshot` as isolated-vm requires.',
    '',
    'It reaches the same replay MCP server over stdio. UTCP has no MCP protocol in `@utcp/sdk` itself, so the bench registers a small UTCP communication protocol built on the MCP SDK client (what `@utcp/mcp` is built on) with the same result unwrapping as Runbyte. Workloads are the same, in its dialect (a function body, tools as `manual.tool(args)`). Its tool calls go through `applySyncPromise`, which blocks the isolate until the host answers: calls inside one execution never overlap, which is what its `Promise.all` figure shows.',
    '',
  );
  if (p.error) out.push(`It did not run in this run: ${p.error.split('\n')[0]}`, '');
  else out.push(`Ran on Node ${p.node} (${p.nodeSource}), \`@utcp/code-mode\` ${p.codeModeVersion ?? ''}.`, '');
  return out;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC by \`pnpm bench\` (${r.durationS} s) on a ${m.cpus}-core ${m.cpuModel}, ${(m.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${m.node} (${m.platform}), shared with other work (1-minute load average ${r.loadAverage.start.toFixed(1)} at the start of the run, ${r.loadAverage.end.toFixed(1)} at the end: treat small differences as noise). Every figure is in [\`benchmarks.json\`](benchmarks.json).`,
    '',
    'Reproduce from a fresh clone (the tool catalogue is `packages/test-support/catalogue`, or `RUNBYTE_CATALOGUE_DIR`):',
    '',
    '```sh',
    'pnpm install && pnpm build && pnpm bench   # about 6 minutes; RUNBYTE_BENCH_QUICK=1 for a quick check',
    'node packages/bench/dist/render.js          # re-render this page from benchmarks.json',
    '```',
    '',
    'The benchmark records; it never fails on timing and is not part of CI.',
    '',
    '## Summary',
    '',
    renderSummary(r),
    '',
    ...targetsSection(r),
    ...economySection(r),
    ...speedSection(r),
    ...startSection(r),
    ...memorySection(r),
    ...PARTS.flatMap((part) => {
      const result = r.parts[part.id];
      if (result === undefined) return [];
      return [
        `## ${part.title}`,
        '',
        ...(isSkipped(result) ? [`Not measured: ${result.skipped}`, ''] : part.section(result)),
      ];
    }),
    ...peerSection(r),
  ];
  return `${lines.join('\n')}\n`;
}

export { renderSpeedChart, renderTokenChart } from './report-charts.js';
