// Re-renders docs/benchmarks.md and the charts from docs/benchmarks.json without measuring again:
//   node packages/bench/dist/render.js
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { renderMarkdown, renderSpeedChart, renderTokenChart } from './report.js';
import type { BenchResults } from './results.js';

const docs = join(repoRoot, 'docs');
const results = JSON.parse(readFileSync(join(docs, 'benchmarks.json'), 'utf8')) as BenchResults;
writeFileSync(join(docs, 'benchmarks.md'), renderMarkdown(results));
writeFileSync(join(docs, 'benchmarks-tokens.svg'), renderTokenChart(results));
writeFileSync(join(docs, 'benchmarks-speed.svg'), renderSpeedChart(results));
process.stderr.write('rendered docs/benchmarks.md and the charts from docs/benchmarks.json\n');
