// Listing and generation latency of @runbyte/vfs. Run after a build: node packages/vfs/bench/vfs.bench.mjs
// Prints to stdout: this is a script, not part of the package.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVfs } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const catalogueDir = resolve(here, '..', '..', '..', '..', 'shared', 'catalogue');
const catalogue = readdirSync(catalogueDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const data = JSON.parse(readFileSync(join(catalogueDir, f), 'utf8'));
    return [f.replace(/\.json$/, ''), Array.isArray(data) ? data : data.tools];
  });
const all = catalogue.flatMap(([, tools]) => tools);
const thousand = Array.from({ length: 1000 }, (_, i) => ({
  ...all[i % all.length],
  name: `${all[i % all.length].name}_${i}`,
}));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn, runs = 5) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    ms.push(performance.now() - started);
  }
  return median(ms);
}

const dir = mkdtempSync(join(tmpdir(), 'runbyte-vfs-bench-'));
try {
  const states = (servers) => servers.map(([name, tools], i) => ({ name, status: 'ready', tools, toolsVersion: i }));
  const fresh = (servers) => createVfs({ catalog: { servers: () => states(servers) }, workspace: { dir } });
  const rows = [];
  // Warm-up, so the first row does not carry the JIT.
  await fresh([['big', thousand]]).list('/servers/big', { withDescriptions: true });

  rows.push([
    'list /servers, 1,000 tools in 1 server, cold',
    await time(() => fresh([['big', thousand]]).list('/servers')),
  ]);
  rows.push([
    'list /servers/big withDescriptions, 1,000 tools, cold',
    await time(() => fresh([['big', thousand]]).list('/servers/big', { withDescriptions: true })),
  ]);
  const warm = fresh([['big', thousand]]);
  await warm.list('/servers/big');
  rows.push([
    'list /servers/big withDescriptions, 1,000 tools, warm',
    await time(() => warm.list('/servers/big', { withDescriptions: true }), 20),
  ]);
  rows.push([
    `list /servers withDescriptions, catalogue (${all.length} tools), cold`,
    await time(() => fresh(catalogue).list('/servers', { withDescriptions: true })),
  ]);
  rows.push([
    'first read in a 1,000-tool server (generates it)',
    await time(() => fresh([['big', thousand]]).read('/servers/big/index.ts'), 3),
  ]);
  await warm.read('/servers/big/index.ts');
  rows.push([
    'read in a generated 1,000-tool server (cached)',
    await time(() => warm.read('/servers/big/index.ts'), 20),
  ]);
  rows.push([
    `read every file of the catalogue (${all.length} tools), cold`,
    await time(async () => {
      const vfs = fresh(catalogue);
      await Promise.all(catalogue.map(([name]) => vfs.read(`/servers/${name}/index.ts`)));
    }, 3),
  ]);

  console.log(
    `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.versions.node} | median ms |\n|---|---|`,
  );
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
