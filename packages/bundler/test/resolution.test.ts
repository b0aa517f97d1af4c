import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, createBundler, type Bundler } from '../src/index.js';
import { FS_MODULE, generateTree, memorySource, vfsWithHints } from './support/tree.js';
import { runBundle } from './support/run.js';

let files: Map<string, string>;
let bundler: Bundler;
/** Over the real vfs, with the hints the server passes: errors that name servers and modules. */
let hinted: Bundler;

beforeAll(async () => {
  files = await generateTree(['github', 'slack', 'memory']);
  bundler = createBundler({ modules: memorySource(files), builtins: { '@runbyte/fs': FS_MODULE } });
  hinted = createBundler({ ...vfsWithHints(['github', 'slack', 'memory']), builtins: { '@runbyte/fs': FS_MODULE } });
});

async function rejection(code: string, by: Bundler = hinted): Promise<BundleError> {
  const error = await by.bundle(code).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

describe('resolving imports of the agent file', () => {
  const serverForms: Array<[string, string]> = [
    ['./servers/github', '/servers/github/index.ts'],
    ['/servers/github', '/servers/github/index.ts'],
    ['./servers/github/', '/servers/github/index.ts'],
    ['./servers/github.ts', '/servers/github/index.ts'],
    ['./servers/github.js', '/servers/github/index.ts'],
    ['./servers/github/index', '/servers/github/index.ts'],
    ['./servers/github/index.ts', '/servers/github/index.ts'],
    ['./servers/github/index.js', '/servers/github/index.ts'],
    ['/servers/github/index.js', '/servers/github/index.ts'],
  ];
  it.each(serverForms)('links %s to %s and the call reaches the host', async (specifier, target) => {
    const bundle = await bundler.bundle(
      `import * as github from '${specifier}';\nexport async function exec() {\n  return github.getIssue({ owner: 'o', repo: 'r', issue_number: 7 });\n}\n`,
    );
    expect(bundle.links['agent.ts']).toEqual({ [specifier]: target });
    expect(bundle.modules[target]).toBeDefined();
    const { value, calls } = await runBundle(bundle);
    expect(calls).toEqual([{ server: 'github', tool: 'get_issue', args: { owner: 'o', repo: 'r', issue_number: 7 } }]);
    expect(value).toEqual({ echoed: calls[0] });
  });

  const rootForms = [
    './servers',
    '/servers',
    './servers/',
    './servers/index',
    './servers/index.js',
    '/servers/index.ts',
  ];
  it.each(rootForms)('links the root index %s: the servers used, each as a namespace', async (specifier) => {
    const bundle = await bundler.bundle(
      `import * as servers from '${specifier}';\nexport async function exec() {\n  return servers.slack.slackListChannels({});\n}\n`,
    );
    expect(bundle.links['agent.ts']).toEqual({ [specifier]: '/servers/index.ts' });
    expect(Object.keys(bundle.modules)).toContain('/servers/slack/index.ts');
    // Servers the code does not use are left out: their modules are never evaluated.
    expect(Object.keys(bundle.modules)).not.toContain('/servers/github/index.ts');
    const { calls } = await runBundle(bundle);
    expect(calls.map((c) => `${c.server}/${c.tool}`)).toEqual(['slack/slack_list_channels']);
  });

  it('imports a named server from the root index', async () => {
    const bundle = await bundler.bundle(
      `import { memory } from './servers';\nexport async function exec() {\n  return memory.readGraph({});\n}\n`,
    );
    const { calls } = await runBundle(bundle);
    expect(calls.map((c) => `${c.server}/${c.tool}`)).toEqual(['memory/read_graph']);
  });

  const toolForms: Array<[string, string]> = [
    ['./servers/github/createIssue', '/servers/github/createIssue.ts'],
    ['./servers/github/createIssue.ts', '/servers/github/createIssue.ts'],
    ['./servers/github/createIssue.js', '/servers/github/createIssue.ts'],
    ['/servers/github/createIssue', '/servers/github/createIssue.ts'],
  ];
  it.each(toolForms)('links a single tool file %s, loading only it and the runtime', async (specifier, target) => {
    const bundle = await bundler.bundle(
      `import { createIssue } from '${specifier}';\nexport async function exec() {\n  return createIssue({ owner: 'o', repo: 'r', title: 't' });\n}\n`,
    );
    expect(bundle.links['agent.ts']).toEqual({ [specifier]: target });
    expect(Object.keys(bundle.modules).sort()).toEqual(['/servers/_runtime.ts', target, 'agent.ts'].sort());
    expect(bundle.links[target]).toEqual({ '../_runtime.js': '/servers/_runtime.ts' });
    const { calls } = await runBundle(bundle);
    expect(calls).toEqual([{ server: 'github', tool: 'create_issue', args: { owner: 'o', repo: 'r', title: 't' } }]);
  });

  it('resolves relative imports inside generated files against their own folder', async () => {
    // Object.keys(s) uses the whole index, so every server stays in.
    const bundle = await bundler.bundle(
      `import * as s from './servers';\nexport function exec() { return Object.keys(s); }\n`,
    );
    expect(bundle.links['/servers/index.ts']).toMatchObject({
      './github/index.js': '/servers/github/index.ts',
      './slack/index.js': '/servers/slack/index.ts',
    });
    expect(bundle.links['/servers/github/index.ts']?.['./createIssue.js']).toBe('/servers/github/createIssue.ts');
    expect(bundle.links['/servers/slack/slackPostMessage.ts']).toEqual({ '../_runtime.js': '/servers/_runtime.ts' });
  });

  it('links the @runbyte/fs builtin by its specifier', async () => {
    const bundle = await bundler.bundle(
      `import * as fs from '@runbyte/fs';\nexport async function exec() {\n  return fs.readFile('notes.txt');\n}\n`,
    );
    expect(bundle.links['agent.ts']).toEqual({ '@runbyte/fs': '@runbyte/fs' });
    expect(bundle.modules['@runbyte/fs']?.code).toContain('export async function readFile');
    const { value } = await runBundle(bundle);
    expect(value).toBe('contents of notes.txt');
  });

  it('lets the agent import the runtime module (ToolError)', async () => {
    const bundle = await bundler.bundle(
      `import { ToolError } from './servers/_runtime.js';\nimport * as github from './servers/github';\n` +
        `export async function exec() {\n  try { await github.getIssue({ owner: 'o', repo: 'r', issue_number: 1 }); return 'no'; }\n` +
        `  catch (e) { return e instanceof ToolError ? e.message : 'other'; }\n}\n`,
    );
    expect(bundle.links['agent.ts']?.['./servers/_runtime.js']).toBe('/servers/_runtime.ts');
    const { value } = await runBundle(bundle, () => ({
      isError: true,
      content: [{ type: 'text', text: 'Not Found' }],
    }));
    expect(value).toBe('Not Found');
  });

  it('does not link type-only imports (they are erased)', async () => {
    const bundle = await bundler.bundle(
      `import type { CreateIssueArgs } from './servers/github';\nimport { type Args } from './servers/github/getIssue';\n` +
        `export function exec(): number { const a: CreateIssueArgs | Args | undefined = undefined; return a ? 1 : 2; }\n`,
    );
    expect(bundle.links['agent.ts']).toEqual({ './servers/github/getIssue': '/servers/github/getIssue.ts' });
    expect((await runBundle(bundle)).value).toBe(2);
  });
});

describe('rejecting what cannot be imported', () => {
  const cases: Array<[string, RegExp]> = [
    ['fs', /Node\.js modules are not available.*import \* as fs from "@runbyte\/fs"/s],
    ['node:fs', /Node\.js modules are not available/],
    ['child_process', /Node\.js modules are not available/],
    ['lodash', /npm packages are not available/],
    ['@octokit/rest', /npm packages are not available/],
    ['https://esm.sh/lodash', /URLs cannot be imported/],
    ['./servers/githubb', /there is no server "githubb"\. Did you mean "\.\/servers\/github"\?/],
    ['/servers/jira', /there is no server "jira"/],
    [
      './servers/github/createIsue',
      /server "github" has no module "createIsue"\. Did you mean "\.\/servers\/github\/createIssue"\?/,
    ],
    ['./utils', /no such module/],
    ['../../etc/passwd', /leaves the virtual filesystem/],
  ];
  it.each(cases)('rejects %s with UNRESOLVED_IMPORT, naming it and what can be imported', async (specifier, why) => {
    const error = await rejection(`import * as x from '${specifier}';\nexport async function exec() { return x; }\n`);
    expect(error.code).toBe('UNRESOLVED_IMPORT');
    expect(error.message).toContain(`Cannot import "${specifier}"`);
    expect(error.message).toMatch(why);
    if (!specifier.startsWith('./servers/github/')) {
      expect(error.message).toContain('You can import: "./servers/github", "./servers/memory", "./servers/slack"');
      expect(error.message).toContain('"@runbyte/fs"');
    }
    expect(error.diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 1, column: 20 });
    expect(error.diagnostics[0]?.frame).toContain(`> 1 | import * as x from '${specifier}';`);
    expect(error.message).not.toContain(process.cwd());
    expect(error.message).not.toMatch(/\/work\/|node_modules/);
  });

  it('without hints says only what the bundler knows: no server names, no layout', async () => {
    const error = await rejection(
      `import * as x from './servers/githubb';\nexport async function exec() { return x; }\n`,
      bundler,
    );
    expect(error.message).toContain('Cannot import "./servers/githubb": no such module /servers/githubb.ts.');
    expect(error.message).toContain('You can import: "@runbyte/fs"');
    expect(error.message).not.toContain('"./servers/github"');
    const dynamic = await rejection(`export async function exec() { return import('x'); }\n`, bundler);
    expect(dynamic.message).toContain('Import modules statically at the top of the file.');
    expect(dynamic.message).not.toContain('./servers');
  });

  it('reports every unresolved import at once, each at its own line', async () => {
    const error = await rejection(
      `import a from 'fs';\nimport b from 'path';\nexport function exec() { return [a, b]; }\n`,
    );
    expect(error.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [1, 15],
      [2, 15],
    ]);
  });

  it('rejects dynamic import() before running', async () => {
    const error = await rejection(
      `export async function exec() {\n  const fs = await import('fs');\n  return fs;\n}\n`,
    );
    expect(error.code).toBe('DYNAMIC_IMPORT');
    expect(error.diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 2, column: 20 });
    expect(error.message).toMatch(/Dynamic import\(\) is not supported/);
  });

  it('rejects require() with a hint to use import, unless the code defines require itself', async () => {
    const error = await rejection(`const fs = require('fs');\nexport function exec() { return fs; }\n`);
    expect(error.code).toBe('UNRESOLVED_IMPORT');
    expect(error.diagnostics[0]).toMatchObject({ line: 1, column: 12 });
    expect(error.message).toContain('require("fs") is not available');
    const bundle = await bundler.bundle(
      `const require = (x: string) => x.length;\nexport function exec() { return require('abc'); }\n`,
    );
    expect((await runBundle(bundle)).value).toBe(3);
  });

  it('rejects re-exports from forbidden modules too', async () => {
    const error = await rejection(`export * from 'os';\nexport function exec() { return 1; }\n`);
    expect(error.code).toBe('UNRESOLVED_IMPORT');
    expect(error.message).toContain('Cannot import "os"');
  });

  it('without a root index, still names the rejected import', async () => {
    const empty = createBundler({ modules: { read: async () => undefined } });
    const error = (await empty
      .bundle(`import x from 'fs';\nexport function exec() { return x; }`)
      .catch((e: unknown) => e)) as BundleError;
    expect(error.code).toBe('UNRESOLVED_IMPORT');
    expect(error.message).toContain('Cannot import "fs"');
  });
});
