// Memory is measured in a process of its own (started with --expose-gc) so the bench's own data
// (tokenizer tables, 10,000-row replies) does not count. Reports over IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueServers } from './catalogue.js';
import { replayConfigs } from './downstream.js';
import { loadServer, waitReady, type RunbyteLike } from './runbyte.js';
import { slope } from './stats.js';
import { CODE, CONCURRENT_EXECUTIONS, speedServers } from './speed.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
};
const rss = () => process.memoryUsage().rss;
const executions = Number(process.argv[2] ?? 1000);

async function run(runbyte: RunbyteLike, code: string) {
  const outcome = await runbyte.executeCode(code);
  if (!outcome.ok) throw new Error(`execution failed (${outcome.phase}): ${outcome.message}`);
}

try {
  const { createRunbyte } = await loadServer();
  const dirs: string[] = [];
  const workspace = () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-'));
    dirs.push(dir);
    return dir;
  };

  await settle();
  const baseline = rss();
  const runbyte = await createRunbyte({
    mcpServers: { ...replayConfigs(catalogueServers(1)), ...speedServers() },
    server: { workspaceDir: workspace() },
  });
  // Servers connect in the background; on a loaded machine a first attempt may time out and be retried.
  const down = await waitReady(runbyte, 180_000);
  if (down.length) throw new Error(`servers not ready: ${down.join('; ')}`);
  await run(runbyte, CODE.oneCall);
  await settle();
  const idle = rss();

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 2);
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: CONCURRENT_EXECUTIONS }, () => run(runbyte, CODE.oneCall)));
  }
  clearInterval(sampler);
  peak = Math.max(peak, rss());

  const xs: number[] = [];
  const rssSeries: number[] = [];
  const heapSeries: number[] = [];
  await settle();
  for (let i = 0; i <= executions; i++) {
    if (i % 50 === 0) {
      await settle();
      xs.push(i);
      rssSeries.push(rss());
      heapSeries.push(process.memoryUsage().heapUsed);
    }
    if (i < executions) await run(runbyte, CODE.oneCall);
  }
  await runbyte.close();

  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

  process.send?.({
    baselineRss: baseline,
    idleRss: idle,
    concurrentPeakRss: peak,
    executions,
    series: { executions: xs, rss: rssSeries, heapUsed: heapSeries },
    rssSlopeBytesPerExecution: slope(xs, rssSeries),
    heapSlopeBytesPerExecution: slope(xs, heapSeries),
  });
  process.disconnect?.();
} catch (error) {
  process.send?.({ error: (error as Error).message.split('\n')[0] });
  process.disconnect?.();
}
