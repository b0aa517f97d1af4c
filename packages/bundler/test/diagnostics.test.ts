import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, createBundler, type Bundler } from '../src/index.js';
import { generateTree, memorySource } from './support/tree.js';
import { runBundle } from './support/run.js';

let files: Map<string, string>;
let bundler: Bundler;

beforeAll(async () => {
  files = await generateTree(['github', 'slack']);
  bundler = createBundler({ modules: memorySource(files) });
});

async function rejection(code: string, filename?: string): Promise<BundleError> {
  const error = await bundler.bundle(code, filename ? { filename } : undefined).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

function expectNoHostPaths(error: BundleError): void {
  const all = JSON.stringify({ message: error.message, diagnostics: error.diagnostics });
  expect(all).not.toContain(process.cwd());
  expect(all).not.toMatch(/\/work\/|node_modules|\/tmp\/|\/home\//);
}

describe('missing exports, before running', () => {
  it('namespace member: github.nope(...) names the module, suggests and lists what exists', async () => {
    const error = await rejection(
      `import * as github from './servers/github';\n\nexport async function exec() {\n  return github.creatIssue({ title: 'x' });\n}\n`,
    );
    expect(error.code).toBe('MISSING_EXPORT');
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 4, column: 17 });
    expect(error.message).toContain('has no export "creatIssue"');
    expect(error.message).toContain('Did you mean "createIssue"');
    expect(error.message).toContain('"listIssues"');
    expect(error.diagnostics[0]?.frame).toBe(
      [
        '  2 |',
        '  3 | export async function exec() {',
        "> 4 |   return github.creatIssue({ title: 'x' });",
        '    |                 ^',
        '  5 | }',
      ].join('\n'),
    );
    expectNoHostPaths(error);
  });

  it('named import: import { nope } from ./servers/github', async () => {
    const error = await rejection(
      `import { nope } from './servers/github';\nexport async function exec() { return nope({}); }\n`,
    );
    expect(error.code).toBe('MISSING_EXPORT');
    expect(error.diagnostics[0]).toMatchObject({ line: 1, column: 10 });
    expect(error.message).toContain('"./servers/github" has no export "nope"');
  });

  it('named import with a rename points at the imported name', async () => {
    const error = await rejection(
      `import { getIssu as gi } from './servers/github';\nexport function exec() { return gi; }\n`,
    );
    expect(error.diagnostics[0]).toMatchObject({ line: 1, column: 10 });
    expect(error.message).toContain('Did you mean "getIssue"');
  });

  it('through the root index: servers.github.nope and servers.gitlab', async () => {
    const error = await rejection(
      `import * as servers from './servers';\nexport async function exec() {\n  await servers.github.nope({});\n  return servers.gitlab.x();\n}\n`,
    );
    expect(error.code).toBe('MISSING_EXPORT');
    expect(error.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [3, 24],
      [4, 18],
    ]);
    expect(error.diagnostics[0]?.message).toContain('servers.github (/servers/github/index.ts) has no export "nope"');
    expect(error.diagnostics[1]?.message).toContain('has no export "gitlab". Did you mean "github"?');
  });

  it('a server imported by name from the root index: { slack } then slack.nope', async () => {
    const error = await rejection(
      `import { slack } from './servers';\nexport async function exec() { return slack.postMessage({}); }\n`,
    );
    expect(error.code).toBe('MISSING_EXPORT');
    expect(error.message).toContain('Did you mean "slackPostMessage"');
  });

  it('a single tool file: import { createIssue } from its own file is fine, a wrong name is not', async () => {
    await expect(
      bundler.bundle(
        `import { createIssue } from './servers/github/createIssue';\nexport function exec() { return createIssue; }`,
      ),
    ).resolves.toBeDefined();
    const error = await rejection(
      `import { createIssues } from './servers/github/createIssue';\nexport function exec() { return createIssues; }`,
    );
    expect(error.message).toContain('Did you mean "createIssue"');
  });

  it('a default import of a server explains to import the namespace', async () => {
    const error = await rejection(
      `import github from './servers/github';\nexport function exec() { return github; }\n`,
    );
    expect(error.code).toBe('MISSING_EXPORT');
    expect(error.message).toContain('has no export "default"');
    expect(error.message).toContain('import * as github from "./servers/github";');
  });

  it('does not check a name the code binds itself (a parameter shadowing the namespace)', async () => {
    const bundle = await bundler.bundle(
      `import * as github from './servers/github';\nconst pick = (github: { title: string }) => github.title;\n` +
        `export async function exec() { return pick({ title: String(typeof github.getIssue) }); }\n`,
    );
    expect((await runBundle(bundle)).value).toBe('function');
  });

  it('accepts exported types as names (they are erased), and valid members', async () => {
    const bundle = await bundler.bundle(
      `import { getIssue, CreateIssueArgs } from './servers/github';\nimport * as github from './servers/github';\n` +
        `export async function exec() { const a: CreateIssueArgs = { owner: 'o', repo: 'r', title: 't' }; await github.createIssue(a); return getIssue({ owner: 'o', repo: 'r', issue_number: 1 }); }\n`,
    );
    const { calls } = await runBundle(bundle);
    expect(calls.map((c) => c.tool)).toEqual(['create_issue', 'get_issue']);
  });
});

describe('syntax errors', () => {
  it('carry the line, column, message and a frame of the user code', async () => {
    const error = await rejection(`export async function exec() {\n  const x = ;\n  return x;\n}\n`);
    expect(error.code).toBe('SYNTAX');
    expect(error.diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 2, column: 13 });
    expect(error.diagnostics[0]?.message).toMatch(/^Syntax error: Expression expected/);
    expect(error.diagnostics[0]?.frame).toBe(
      ['  1 | export async function exec() {', '> 2 |   const x = ;', '    |             ^', '  3 |   return x;'].join(
        '\n',
      ),
    );
    expect(error.message.startsWith('agent.ts:2:13: Syntax error: Expression expected')).toBe(true);
    expectNoHostPaths(error);
  });

  it('locate errors in TypeScript syntax (a missing type) and on the first line', async () => {
    const error = await rejection(`const a: = 3;\nexport function exec() { return a; }\n`);
    expect(error.diagnostics[0]).toMatchObject({ line: 1, column: 10 });
  });

  it('an unclosed brace at the end of the file points at the last line', async () => {
    const error = await rejection(`export function exec() {\n  return 1;\n`);
    expect(error.code).toBe('SYNTAX');
    expect(error.diagnostics[0]?.line).toBeGreaterThanOrEqual(2);
    expect(error.diagnostics[0]?.frame).toContain('return 1;');
  });

  it('use the given filename and count columns in characters, not bytes', async () => {
    const error = await rejection(`const s = "héllo wörld";\nexport function exec() { return s +; }\n`, 'job.ts');
    expect(error.diagnostics[0]).toMatchObject({ file: 'job.ts', line: 2 });
    expect(error.message).toMatch(/^job\.ts:2:/);
  });

  it('JSX is not TypeScript here', async () => {
    const error = await rejection(`export function exec() { return <div/>; }\n`);
    expect(error.code).toBe('SYNTAX');
  });
});

describe('source maps', () => {
  it('map the agent module back to the user lines, with the source embedded', async () => {
    const code = `import * as github from './servers/github';\n\ntype T = { a: number };\n\nexport async function exec() {\n  const t: T = { a: 1 };\n  throw new Error('bad ' + t.a);\n}\nexec();\n`;
    const bundle = await bundler.bundle(code);
    const mod = bundle.modules['agent.ts']!;
    const map = JSON.parse(mod.map!) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toEqual(['agent.ts']);
    expect(map.sourcesContent).toEqual([code]);
    const lines = mod.code.split('\n');
    const genLine = lines.findIndex((l) => l.includes("throw new Error('bad '")) + 1;
    const genColumn = lines[genLine - 1]!.indexOf('throw');
    const original = originalPositionFor(new TraceMap(mod.map!), { line: genLine, column: genColumn });
    expect(original).toMatchObject({ source: 'agent.ts', line: 7, column: 2 });
  });

  it('stay exact on a line where the exec wrapper was inserted', async () => {
    const code = `const exec = async () => { throw new Error('x'); };\nexec();\n`;
    const mod = (await bundler.bundle(code)).modules['agent.ts']!;
    const lines = mod.code.split('\n');
    const genLine = lines.findIndex((l) => l.includes('throw new Error')) + 1;
    const original = originalPositionFor(new TraceMap(mod.map!), {
      line: genLine,
      column: lines[genLine - 1]!.indexOf('throw'),
    });
    expect(original).toMatchObject({ source: 'agent.ts', line: 1, column: code.indexOf('throw') });
  });

  it('stay exact on the first line when a function exec is wrapped', async () => {
    const code = `export async function exec() { throw new Error('x'); }\nexec();\n`;
    const mod = (await bundler.bundle(code)).modules['agent.ts']!;
    expect(mod.code.split('\n')[0]).toContain('__runbyte_once');
    const lines = mod.code.split('\n');
    const genLine = lines.findIndex((l) => l.includes('throw new Error')) + 1;
    const original = originalPositionFor(new TraceMap(mod.map!), {
      line: genLine,
      column: lines[genLine - 1]!.indexOf('throw'),
    });
    expect(original).toMatchObject({ source: 'agent.ts', line: 1, column: code.indexOf('throw') });
  });

  it('name generated modules by their VFS path', async () => {
    const bundle = await bundler.bundle(
      `import { getIssue } from './servers/github/getIssue';\nexport function exec() { return getIssue; }\n`,
    );
    const map = JSON.parse(bundle.modules['/servers/github/getIssue.ts']!.map!) as {
      sources: string[];
      sourcesContent: string[];
    };
    expect(map.sources).toEqual(['/servers/github/getIssue.ts']);
    expect(map.sourcesContent).toEqual([files.get('/servers/github/getIssue.ts')]);
  });
});
