import swc from '@swc/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBundler } from '../src/index.js';
import { FS_MODULE, generateTree, memorySource } from './support/tree.js';

let files: Map<string, string>;

beforeAll(async () => {
  files = await generateTree(['github', 'slack']);
});

const AGENT = `import * as github from './servers/github';\nexport async function exec() { return github.getIssue({ owner: 'o', repo: 'r', issue_number: 1 }); }\n`;

describe('caching by content', () => {
  it('compiles each module once: the same input is served from the cache', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    const first = await bundler.bundle(AGENT);
    const afterFirst = bundler.stats();
    expect(afterFirst.misses).toBe(Object.keys(first.modules).length);
    expect(afterFirst.entries).toBe(Object.keys(first.modules).length);

    const second = await bundler.bundle(AGENT);
    const afterSecond = bundler.stats();
    expect(afterSecond.misses).toBe(afterFirst.misses);
    expect(afterSecond.hits - afterFirst.hits).toBe(Object.keys(second.modules).length);
    expect(second).toEqual(first);
  });

  it('a different agent reuses the compiled libraries and compiles only itself', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    await bundler.bundle(AGENT);
    const before = bundler.stats();
    await bundler.bundle(AGENT.replace('issue_number: 1', 'issue_number: 2'));
    expect(bundler.stats().misses - before.misses).toBe(1);
  });

  it('recompiles a module whose content changed (new tools), and sees the new exports', async () => {
    const changed = new Map(files);
    const source = memorySource(changed);
    const bundler = createBundler({ modules: source });
    const code = `import * as github from './servers/github';\nexport function exec() { return github.brandNewTool; }\n`;
    await expect(bundler.bundle(code)).rejects.toMatchObject({ code: 'MISSING_EXPORT' });
    changed.set(
      '/servers/github/index.ts',
      `${files.get('/servers/github/index.ts')}\nexport function brandNewTool() { return 1; }\n`,
    );
    const before = bundler.stats();
    const bundle = await bundler.bundle(code);
    expect(bundler.stats().misses - before.misses).toBe(1);
    expect(bundle.modules['/servers/github/index.ts']?.code).toContain('brandNewTool');
  });

  it('reads the module source on every bundle, so it stays the source of truth', async () => {
    const source = memorySource(files);
    const bundler = createBundler({ modules: source });
    await bundler.bundle(AGENT);
    const reads = source.reads.length;
    await bundler.bundle(AGENT);
    expect(source.reads.length).toBe(reads * 2);
    expect(new Set(source.reads.slice(0, reads)).size).toBe(reads);
  });

  it('is bounded: never holds more than cacheEntries compiled modules', async () => {
    const bundler = createBundler({ modules: memorySource(files), cacheEntries: 5 });
    for (let i = 0; i < 20; i++) {
      await bundler.bundle(`export function exec() { return ${i}; }\n`);
      expect(bundler.stats().entries).toBeLessThanOrEqual(5);
    }
    const bundle = await bundler.bundle(AGENT);
    expect(Object.keys(bundle.modules).length).toBeGreaterThan(5);
    expect(bundler.stats()).toMatchObject({ entries: 5, capacity: 5 });
    // The most recent entries stay: bundling the same agent again hits for it.
    const before = bundler.stats();
    await bundler.bundle(`export function exec() { return 19; }\n`);
    expect(bundler.stats().misses - before.misses).toBe(1);
  });

  it('caches errors of the same input too', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    const code = `export function exec() { return ; ; ) }`;
    const first = await bundler.bundle(code).catch((e: unknown) => e);
    const before = bundler.stats();
    const second = await bundler.bundle(code).catch((e: unknown) => e);
    expect(second).toBe(first);
    expect(bundler.stats().hits - before.hits).toBe(1);
  });

  it('cacheEntries: 0 disables caching and still bundles', async () => {
    const bundler = createBundler({ modules: memorySource(files), cacheEntries: 0 });
    await bundler.bundle(AGENT);
    await bundler.bundle(AGENT);
    expect(bundler.stats()).toMatchObject({ entries: 0, hits: 0 });
  });

  it('refuses to bundle after dispose, with a clear error', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    await bundler.dispose();
    await bundler.dispose();
    await expect(bundler.bundle(AGENT)).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});

describe('the Bundle', () => {
  it('holds valid ES modules (each parses as an ECMAScript module, no TypeScript left)', async () => {
    const bundler = createBundler({ modules: memorySource(files), builtins: { '@runbyte/fs': FS_MODULE } });
    const bundle = await bundler.bundle(
      `import * as servers from './servers';\nimport * as fs from '@runbyte/fs';\ninterface X { a: string }\n` +
        `export async function exec(): Promise<X> { await fs.writeFile('a', 'b'); return { a: String(await servers.slack.slackListChannels({})) }; }\n`,
    );
    const names = Object.keys(bundle.modules);
    expect(names).toEqual(
      expect.arrayContaining(['agent.ts', '/servers/index.ts', '/servers/_runtime.ts', '@runbyte/fs']),
    );
    for (const name of names) {
      const mod = bundle.modules[name]!;
      expect(() => swc.parseSync(mod.code, { syntax: 'ecmascript', target: 'es2022' }), name).not.toThrow();
      expect(mod.code, name).not.toMatch(/^\s*(interface|type) \w+/m);
      const map = JSON.parse(mod.map!) as { version: number; sources: string[] };
      expect(map.version).toBe(3);
      expect(map.sources).toEqual([name]);
    }
    // Every specifier the modules import is linked to a module in the bundle.
    for (const [importer, specs] of Object.entries(bundle.links)) {
      expect(bundle.modules[importer]).toBeDefined();
      for (const target of Object.values(specs))
        expect(bundle.modules[target], `${importer} → ${target}`).toBeDefined();
    }
    const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g;
    for (const [name, mod] of Object.entries(bundle.modules)) {
      for (const m of mod.code.matchAll(importRe))
        expect(bundle.links[name]?.[m[1]!], `${name} imports ${m[1]}`).toBeDefined();
    }
    expect(bundle.diagnostics).toEqual([]);
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle);
  });
});

describe('the cache is bounded by bytes, not only by entries', () => {
  it('many distinct large submissions stay within cacheBytes, and the cache still serves hits', async () => {
    const maxBytes = 2 * 1024 * 1024;
    const bundler = createBundler({ modules: memorySource(files), cacheBytes: maxBytes });
    const big = (i: number) =>
      `const blob${i} = ${JSON.stringify('x'.repeat(200_000))};\nexport async function exec() { return blob${i}.length + ${i}; }\n`;
    for (let i = 0; i < 20; i++) await bundler.bundle(big(i));
    const stats = bundler.stats();
    expect(stats.maxBytes).toBe(maxBytes);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.entries).toBeLessThan(20);
    const before = bundler.stats().hits;
    await bundler.bundle(big(19));
    expect(bundler.stats().hits).toBeGreaterThan(before);
  });

  it('an entry larger than the whole budget is compiled but not kept', async () => {
    const bundler = createBundler({ modules: memorySource(files), cacheBytes: 100_000 });
    await bundler.bundle(`export async function exec() { return ${JSON.stringify('y'.repeat(200_000))}.length; }\n`);
    expect(bundler.stats().bytes).toBeLessThanOrEqual(100_000);
  });
});
