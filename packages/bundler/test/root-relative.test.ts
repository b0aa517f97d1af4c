import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, createBundler, type Bundler } from '../src/index.js';
import { FS_MODULE, generateTree, memorySource, vfsWithHints } from './support/tree.js';

let files: Map<string, string>;
let bundler: Bundler;

beforeAll(async () => {
  files = await generateTree(['github']);
  files.set('/lib/util.ts', `export const twice = (n: number) => n * 2;\n`);
  files.set(
    '/lib/issues.ts',
    `import * as github from './servers/github';\nimport { twice } from './util';\nimport * as again from './lib/util';\n` +
      `export const fetchTwice = () => [github.getIssue, twice, again.twice];\n`,
  );
  bundler = createBundler({
    modules: memorySource(files),
    builtins: { '@runbyte/fs': FS_MODULE },
    rootRelativeDirs: ['/lib/'],
    // The vfs's explanations of /servers misses, as the server passes them.
    hints: vfsWithHints(['github']).hints,
  });
});

async function rejection(promise: Promise<unknown>): Promise<BundleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

describe('modules in a root-relative folder', () => {
  it('import siblings as ./<name>, and servers and siblings as the agent file would, one module each', async () => {
    const bundle = await bundler.bundle(
      `import { fetchTwice } from './lib/issues';\nexport async function exec() { return fetchTwice().length; }\n`,
    );
    expect(bundle.links['/lib/issues.ts']).toEqual({
      './servers/github': '/servers/github/index.ts',
      './util': '/lib/util.ts',
      './lib/util': '/lib/util.ts',
    });
  });

  it('name the server the agent meant when ./servers/<name> does not exist', async () => {
    const error = await rejection(
      bundler.check(`import * as gh from './servers/githb';\nexport const x = gh;\n`, { filename: '/lib/bad.ts' }),
    );
    expect(error.diagnostics[0]).toMatchObject({ file: '/lib/bad.ts', line: 1 });
    expect(error.diagnostics[0]!.message).toContain('there is no server "githb". Did you mean "./servers/github"?');
  });

  it('are not root-relative in other folders', async () => {
    const plain = createBundler({ modules: memorySource(files) });
    const error = await rejection(
      plain.bundle(
        `import { fetchTwice } from './lib/issues';\nexport async function exec() { return fetchTwice(); }\n`,
      ),
    );
    expect(error.diagnostics.map((d) => d.message).join('\n')).toContain('no such module /lib/servers/github.ts');
  });
});

describe('check', () => {
  it('accepts a module without exec() whose imports resolve, and bundles nothing to run', async () => {
    await expect(bundler.check(files.get('/lib/issues.ts')!, { filename: '/lib/issues.ts' })).resolves.toBeUndefined();
  });

  it('refuses a missing export with the same diagnostic bundle() gives, at the module name', async () => {
    const code = `import { getIssu } from './servers/github';\nexport const x = getIssu;\n`;
    const checked = await rejection(bundler.check(code, { filename: '/lib/x.ts' }));
    const bundled = await rejection(bundler.bundle(`${code}export async function exec() {}\n`));
    expect(checked.code).toBe('MISSING_EXPORT');
    expect(checked.diagnostics[0]!.message).toBe(bundled.diagnostics[0]!.message);
    expect(checked.diagnostics[0]!.file).toBe('/lib/x.ts');
  });

  it('refuses a syntax error and a missing filename', async () => {
    expect((await rejection(bundler.check('export const = 1;', { filename: '/lib/y.ts' }))).code).toBe('SYNTAX');
    await expect(bundler.check('export const a = 1;', { filename: '' })).rejects.toThrow(
      /filename must name the module/,
    );
  });
});
