// Measures the bundler's hot path against the alternatives. Run after `pnpm build`:
//   node bench/measure.mjs            (from packages/bundler)
// Prints medians in milliseconds; nothing is asserted.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import swc from '@swc/wasm';
import * as esbuild from 'esbuild-wasm';
import { generateRootIndex, generateServer, RUNTIME_FILE, runtimeModuleSource } from '@runbyte/codegen';
import { createBundler } from '../dist/index.js';

const tools = JSON.parse(readFileSync(new URL('../../../../shared/catalogue/github.json', import.meta.url), 'utf8'));
const github = await generateServer('github', Array.isArray(tools) ? tools : tools.tools);
const files = new Map([
  [`/servers/${RUNTIME_FILE}`, runtimeModuleSource()],
  ['/servers/index.ts', generateRootIndex(['github'])],
  ...Object.entries(github.files).map(([n, s]) => [`/servers/github/${n}`, s]),
]);
const modules = { read: async (p) => files.get(p) };

const agent = (n) => `import * as github from './servers/github';

interface Summary { title: string; n: number }

export async function exec(): Promise<Summary[]> {
  const issues = (await github.listIssues({ owner: 'octocat', repo: 'hello-world', state: 'open' })) as Array<{ title: string }>;
  return issues.slice(0, ${n}).map((i, n) => ({ title: i.title, n }));
}
`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const time = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const series = async (n, fn) => {
  const xs = [];
  for (let i = 0; i < n; i++) xs.push(await time(() => fn(i)));
  return { median: median(xs), min: Math.min(...xs) };
};
const fmt = (r) => `median ${r.median.toFixed(3)} ms (min ${r.min.toFixed(3)})`;

const results = {};
{
  const b = createBundler({ modules });
  results['first bundle in the process (swc wasm init + 28 modules)'] = {
    median: await time(() => b.bundle(agent(0))),
    min: NaN,
  };
}
results['bundle, cold cache (new bundler: agent + 28 generated modules)'] = await series(20, async (i) => {
  const b = createBundler({ modules });
  await b.bundle(agent(i));
});
{
  const b = createBundler({ modules });
  await b.bundle(agent(0));
  results['bundle, warm (same agent again)'] = await series(200, () => b.bundle(agent(0)));
  results['bundle, warm libraries, new agent code'] = await series(200, (i) => b.bundle(agent(i + 1)));
}
{
  // Every catalogue server behind ./servers: the largest graph an agent can pull in.
  const { readdirSync } = await import('node:fs');
  const dir = new URL('../../../../shared/catalogue/', import.meta.url);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
  const all = new Map([
    [`/servers/${RUNTIME_FILE}`, runtimeModuleSource()],
    ['/servers/index.ts', generateRootIndex(names)],
  ]);
  for (const name of names) {
    const data = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
    const gen = await generateServer(name, Array.isArray(data) ? data : data.tools);
    for (const [n, s] of Object.entries(gen.files)) all.set(`/servers/${name}/${n}`, s);
  }
  const b = createBundler({ modules: { read: async (p) => all.get(p) } });
  const code = (i) =>
    `import * as servers from './servers';\nexport async function exec() { return servers.github.getIssue({ owner: 'o', repo: 'r', issue_number: ${i} }); }\n`;
  let count = 0;
  results[`bundle, cold, agent importing ./servers (${all.size} files)`] = {
    median: await time(async () => {
      count = Object.keys((await b.bundle(code(0))).modules).length;
    }),
    min: NaN,
  };
  results[`bundle, warm libraries, new agent importing ./servers (${count} modules)`] = await series(100, (i) =>
    b.bundle(code(i + 1)),
  );
}
const src = agent(3);
const swcOpts = {
  filename: 'agent.ts',
  sourceMaps: true,
  isModule: true,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
};
results['swc transformSync of the agent file'] = await series(500, () => swc.transformSync(src, swcOpts));
results['swc parseSync of the agent file'] = await series(500, () => swc.parseSync(src, { syntax: 'typescript' }));
const issueFile = files.get('/servers/github/listIssues.ts');
results['swc transformSync of one generated tool file'] = await series(300, () =>
  swc.transformSync(issueFile, swcOpts),
);
await esbuild.transform('let a: number = 1', { loader: 'ts' });
results['esbuild-wasm transform of the agent file'] = await series(100, () =>
  esbuild.transform(src, { loader: 'ts', sourcemap: true }),
);
{
  const b = createBundler({ modules });
  await b.bundleStandalone(agent(0));
  results['bundleStandalone (esbuild-wasm build, warm service)'] = await series(30, (i) =>
    b.bundleStandalone(agent(i)),
  );
  await b.dispose();
}
for (const [k, v] of Object.entries(results))
  process.stderr.write(`${k.padEnd(66)} ${Number.isNaN(v.min) ? `${v.median.toFixed(1)} ms` : fmt(v)}\n`);
