import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, createBundler, type Logger } from '../src/index.js';
import { generateTree, memorySource, vfsWithHints } from './support/tree.js';
import { runBundle } from './support/run.js';

let files: Map<string, string>;

beforeAll(async () => {
  files = await generateTree(['github']);
});

const AGENT = `import * as github from './servers/github';\nexport async function exec() { return github.getIssue({ owner: 'o', repo: 'r', issue_number: 1 }); }\n`;

describe('robustness', () => {
  it('handles CRLF line endings and a byte-order mark, locating errors by the user lines', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    const ok = await bundler.bundle(`\uFEFF${AGENT.replace(/\n/g, '\r\n')}`);
    expect((await runBundle(ok)).calls).toHaveLength(1);
    const error = (await bundler
      .bundle('export function exec() {\r\n  return 1 +;\r\n}\r\n')
      .catch((e: unknown) => e)) as BundleError;
    expect(error.code).toBe('SYNTAX');
    expect(error.diagnostics[0]).toMatchObject({ line: 2 });
    expect(error.diagnostics[0]?.frame).toContain('> 2 |   return 1 +;');
  });

  it('does not mistake text in strings, comments or templates for imports', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    const bundle = await bundler.bundle(
      `// import fs from 'fs';\n/* import('fs') */\nconst s = "import x from 'fs'; import('os'); require('fs')";\nexport function exec() { return \`\${s} github.nope\`.length; }\n`,
    );
    expect(bundle.links).toEqual({});
    expect(typeof (await runBundle(bundle)).value).toBe('number');
  });

  it('reports a broken generated file as SYNTAX in that file, by its VFS path', async () => {
    const broken = new Map(files);
    broken.set('/servers/github/getIssue.ts', 'export async function getIssue(args: {) {}\n');
    const bundler = createBundler({ modules: memorySource(broken) });
    const error = (await bundler.bundle(AGENT).catch((e: unknown) => e)) as BundleError;
    expect(error.code).toBe('SYNTAX');
    expect(error.diagnostics[0]?.file).toBe('/servers/github/getIssue.ts');
    expect(error.diagnostics[0]?.line).toBe(1);
  });

  it('treats a module source that throws as a missing file, and tells the logger', async () => {
    const debug: string[] = [];
    const logger: Logger = { debug: (m) => debug.push(m), info: () => {}, warn: () => {}, error: () => {} };
    const { modules, hints } = vfsWithHints(['github']);
    const bundler = createBundler({
      modules: {
        read: async (path) => {
          if (path.startsWith('/servers/github')) throw new Error('server is reconnecting');
          return modules.read(path);
        },
      },
      hints,
      logger,
    });
    const error = (await bundler.bundle(AGENT).catch((e: unknown) => e)) as BundleError;
    expect(error.code).toBe('UNRESOLVED_IMPORT');
    expect(error.message).toContain(
      'Cannot import "./servers/github": the server "github" is listed in /servers, but its files cannot be read',
    );
    expect(debug.length).toBeGreaterThan(0);
  });

  it('bundles many agents concurrently with the same results as one at a time', async () => {
    const bundler = createBundler({ modules: memorySource(files), cacheEntries: 50 });
    const codes = Array.from({ length: 20 }, (_, i) => AGENT.replace('issue_number: 1', `issue_number: ${i}`));
    const together = await Promise.all(codes.map((c) => bundler.bundle(c)));
    for (const [i, c] of codes.entries()) expect(await bundler.bundle(c)).toEqual(together[i]);
    expect(bundler.stats().entries).toBeLessThanOrEqual(50);
  });

  it('rejects a module source without read() and non-string code clearly', async () => {
    expect(() => createBundler({} as never)).toThrow(/options\.modules/);
    const bundler = createBundler({ modules: memorySource(files) });
    await expect(bundler.bundle(42 as never)).rejects.toThrow(/code must be a string/);
  });

  it('an empty file is NO_EXEC, not a crash', async () => {
    const bundler = createBundler({ modules: memorySource(files) });
    await expect(bundler.bundle('')).rejects.toMatchObject({ code: 'NO_EXEC' });
    await expect(bundler.bundle('   \n// nothing\n')).rejects.toMatchObject({ code: 'NO_EXEC' });
  });
});

describe('a crash of the parser (WebAssembly trap) on hostile input', () => {
  it('fails that bundle with a clear error, and later bundles still work', async () => {
    const bundler = createBundler({ modules: { read: async () => undefined } });
    const deep = `export async function exec() { return ${'('.repeat(3000)}1${')'.repeat(3000)}; }\n`;
    const error = await bundler.bundle(deep).catch((e: unknown) => e);
    expect((error as Error).message).toContain('The parser could not handle this code');
    for (let i = 0; i < 3; i++) {
      const bundle = await bundler.bundle(`export async function exec() { return ${i}; }\n`);
      expect(Object.keys(bundle.modules).length).toBeGreaterThan(0);
    }
  });
});
