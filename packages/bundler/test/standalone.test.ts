import vm from 'node:vm';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, createBundler, type Bundler } from '../src/index.js';
import { FS_MODULE, generateTree, memorySource } from './support/tree.js';

let bundler: Bundler;

beforeAll(async () => {
  bundler = createBundler({
    modules: memorySource(await generateTree(['github', 'slack'])),
    builtins: { '@runbyte/fs': FS_MODULE },
  });
});

afterAll(async () => {
  await bundler.dispose();
});

/** Runs a classic script in a fresh context whose only host is a stub `__runbyte_callTool`. */
async function runScript(code: string, globalName: string, exportName: string) {
  const calls: unknown[][] = [];
  const context = vm.createContext({
    __runbyte_callTool: async (...args: unknown[]) => {
      calls.push(args);
      return { content: [{ type: 'text', text: JSON.stringify({ number: 7, title: 'from host' }) }] };
    },
  });
  vm.runInContext(code, context, { filename: 'standalone.js' });
  const exports = (context as Record<string, Record<string, () => Promise<unknown>>>)[globalName]!;
  const value = await exports[exportName]!();
  return { value, calls };
}

describe('bundleStandalone (esbuild-wasm)', () => {
  // The first build starts the esbuild-wasm service (compiling its WASM), seconds on a busy machine.
  it('produces one self-contained script that runs with only the host function', { timeout: 60_000 }, async () => {
    const result = await bundler.bundleStandalone(
      `import * as github from './servers/github';\nimport { slackPostMessage } from './servers/slack';\n\n` +
        `async function exec() {\n  const issue = await github.createIssue({ owner: 'o', repo: 'r', title: 't' });\n  return { issue, n: typeof slackPostMessage };\n}\nexec();\n`,
    );
    expect(result.format).toBe('iife');
    expect(result.globalName).toBe('__runbyte');
    expect(result.exportName).toBe('__runbyte_exec');
    expect(result.code).not.toMatch(/^\s*import\s/m);
    expect(result.code).not.toContain('sourceMappingURL');
    const { value, calls } = await runScript(result.code, '__runbyte', result.exportName);
    // The user's own exec() call and the host's share one run.
    expect(calls).toEqual([['github', 'create_issue', { owner: 'o', repo: 'r', title: 't' }]]);
    expect(value).toEqual({ issue: { number: 7, title: 'from host' }, n: 'function' });
  });

  it('has a source map over the module names with the user source', async () => {
    const code = `export async function exec() {\n  const a = 1;\n  throw new Error('line three ' + a);\n}\n`;
    const result = await bundler.bundleStandalone(code);
    const map = JSON.parse(result.map) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toEqual(['agent.ts']);
    expect(map.sourcesContent).toEqual([code]);
    const lines = result.code.split('\n');
    const line = lines.findIndex((l) => l.includes('line three')) + 1;
    expect(
      originalPositionFor(new TraceMap(result.map), { line, column: lines[line - 1]!.indexOf('throw') }),
    ).toMatchObject({
      source: 'agent.ts',
      line: 3,
    });
    expect(JSON.stringify(result)).not.toMatch(/\/work\/|node_modules/);
  });

  it('emits one ES module with format "esm", keeping top-level await', async () => {
    const result = await bundler.bundleStandalone(
      `import * as fs from '@runbyte/fs';\nconst seed = await Promise.resolve(2);\nexport async function exec() { return seed * 21 + (typeof fs.readFile === 'function' ? 0 : 1); }\n`,
      { format: 'esm' },
    );
    expect(result.format).toBe('esm');
    expect(result.code).toMatch(/^export \{/m);
    const url = `data:text/javascript;base64,${Buffer.from(result.code).toString('base64')}`;
    const mod = (await import(url)) as Record<string, () => Promise<unknown>>;
    expect(await mod[result.exportName]!()).toBe(42);
  });

  it('explains that top-level await needs format "esm" in an IIFE', async () => {
    const error = await bundler
      .bundleStandalone(`const x = await 1;\nexport function exec() { return x; }\n`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe('STANDALONE_FAILED');
    expect((error as BundleError).diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 1, column: 11 });
    expect((error as BundleError).message).toContain('Use format "esm"');
  });

  it('applies the same checks as bundle()', async () => {
    await expect(
      bundler.bundleStandalone(`import x from 'fs';\nexport function exec() { return x; }`),
    ).rejects.toMatchObject({
      code: 'UNRESOLVED_IMPORT',
    });
    await expect(bundler.bundleStandalone(`export const y = 1;`)).rejects.toMatchObject({ code: 'NO_EXEC' });
  });

  it('minifies on request and uses the given global name', async () => {
    const result = await bundler.bundleStandalone(`export function exec() { return 'ok'; }`, {
      minify: true,
      globalName: 'job',
    });
    expect(result.code.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect((await runScript(result.code, 'job', result.exportName)).value).toBe('ok');
  });
});
