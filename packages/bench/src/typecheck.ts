// What type-checking costs (a part of `pnpm bench`; alone: `pnpm --filter @runbyte/bench bench:typecheck`). A typical 20-line script
// checked against the catalogue 10× (first check after start, warm median, RSS the checker adds), and
// execute_code of `return 1` with checking on and off. Prints JSON; records and never fails on timing.
import { generateServer, runtimeModuleSource, RUNTIME_FILE, type ToolDefinition } from '@runbyte/codegen';
import { SANDBOX_GLOBALS_DTS } from '@runbyte/sandbox';
import { createRunbyte } from '@runbyte/server';
import { workspaceModuleSource, WORKSPACE_MODULE } from '@runbyte/vfs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueServers } from './catalogue.js';
import { measure, roundSummary, round, QUICK } from './stats.js';

const SCRIPT = `import * as github from './servers/github';
import * as memory from './servers/memory-3';
import { writeJSON } from '@runbyte/fs';

function summarize(issue) {
  return { title: issue.title, labels: (issue.labels ?? []).map((l) => l.name) };
}

export async function exec() {
  const found = await github.searchIssues({ q: 'repo:acme/app is:open label:bug' });
  const issues = found.items.slice(0, 10).map(summarize);
  const graph = await memory.readGraph();
  const known = new Set(graph.entities.map((e) => e.name));
  const fresh = issues.filter((i) => !known.has(i.title));
  try {
    await writeJSON('reports/bugs.json', fresh);
  } catch (e) {
    console.log('could not save', e.message);
  }
  return { total: found.total_count, fresh: fresh.length };
}
`;

async function generatedFiles(copies: number): Promise<Map<string, string>> {
  const files = new Map([[`/servers/${RUNTIME_FILE}`, runtimeModuleSource()]]);
  for (const server of catalogueServers(copies)) {
    const out = await generateServer(server.name, server.tools as ToolDefinition[]);
    for (const [name, text] of Object.entries(out.files)) files.set(`/servers/${server.name}/${name}`, text);
  }
  return files;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function checkerFigures() {
  const files = await generatedFiles(10);
  gc();
  // RSS can understate (the generation's freed heap is reused), so the heap the checker keeps is shown too.
  const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
  const loadStarted = performance.now();
  const { createTypeChecker } = await import('@runbyte/typecheck');
  const checker = createTypeChecker({
    read: (path) => files.get(path),
    globals: SANDBOX_GLOBALS_DTS,
    builtins: { [WORKSPACE_MODULE]: workspaceModuleSource() },
  });
  const loadMs = performance.now() - loadStarted;
  const firstStarted = performance.now();
  const first = await checker.check(SCRIPT);
  const firstMs = performance.now() - firstStarted;
  if (!first.ok) throw new Error(`the bench script does not type-check: ${first.diagnostics[0]?.message}`);
  let n = 0;
  // A new agent file each time (a comment changes), as every execution brings new code.
  const warm = await measure(30, () => checker.check(`${SCRIPT}// run ${n++}\n`));
  gc();
  const rssAdded = process.memoryUsage().rss - rssBefore;
  const heapAdded = process.memoryUsage().heapUsed - heapBefore;
  checker.dispose();
  return {
    servers: 10 * 10,
    firstCheckMs: round(firstMs),
    importCompilerMs: round(loadMs),
    warm: roundSummary(warm),
    rssAddedMiB: round(rssAdded / 1024 / 1024, 1),
    heapAddedMiB: round(heapAdded / 1024 / 1024, 1),
  };
}

async function returnOne(typecheck: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-typecheck-'));
  const runbyte = await createRunbyte({ mcpServers: {}, server: { workspaceDir: dir, typecheck, workers: 0 } });
  try {
    const code = 'export async function exec() { return 1; }';
    const outcome = await runbyte.executeCode(code);
    if (!outcome.ok) throw new Error(`return 1 failed: ${outcome.message}`);
    return roundSummary(await measure(QUICK ? 50 : 200, () => runbyte.executeCode(code), 20));
  } finally {
    await runbyte.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export type TypecheckFigures = Awaited<ReturnType<typeof measureTypecheck>>;

export async function measureTypecheck() {
  const checker = await checkerFigures();
  const off = await returnOne(false);
  const on = await returnOne(true);
  return { checker, returnOne: { off, on, addedMs: round(on.median - off.median) } };
}
