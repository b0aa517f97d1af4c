// The checker against real generated declarations (memory declares output schemas, github does not)
// and the sandbox's real globals: what blocks, what passes, and that a second check reuses the first.
import { generateServer, runtimeModuleSource, RUNTIME_FILE } from '@runbyte/codegen';
import { SANDBOX_GLOBALS_DTS } from '@runbyte/sandbox';
import { loadTools } from '@runbyte/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTypeChecker, type TypeChecker, type TypeCheckResult } from '../src/index.js';

const FS = `export declare function readFile(path: string): Promise<string>;
export declare function writeFile(path: string, content: string): Promise<void>;`;

let files: Map<string, string>;
let checker: TypeChecker;
let reads: string[];

beforeAll(async () => {
  files = new Map([[`/servers/${RUNTIME_FILE}`, runtimeModuleSource()]]);
  for (const server of ['memory', 'github']) {
    const generated = await generateServer(server, loadTools(server) as Parameters<typeof generateServer>[1]);
    for (const [name, text] of Object.entries(generated.files)) files.set(`/servers/${server}/${name}`, text);
  }
  reads = [];
  checker = createTypeChecker({
    read: async (path) => {
      reads.push(path);
      return files.get(path);
    },
    globals: SANDBOX_GLOBALS_DTS,
    builtins: { '@runbyte/fs': FS },
  });
}, 60_000);

const program = (body: string): string =>
  `import * as memory from './servers/memory';\nimport * as github from './servers/github';\nimport { readFile } from '@runbyte/fs';\nexport async function exec() {\n${body}\n}\n`;

async function codes(body: string): Promise<number[]> {
  const result = await checker.check(program(body));
  return result.ok ? [] : result.diagnostics.map((d) => d.code);
}

describe('what blocks', () => {
  it.each([
    ['a misspelt argument', `await memory.createEntities({ entites: [] });`, 2561],
    ['an unknown argument', `await memory.createEntities({ entities: [], force: true });`, 2353],
    ['a wrong argument type', `await memory.createEntities({ entities: 'all' });`, 2322],
    ['a missing argument', `await memory.createEntities();`, 2554],
    ['a wrong positional argument', `await readFile(42);`, 2345],
    ['an unknown name', `await fecth('x');`, 2304],
    ['a misspelt function of a server', `await memory.readGrap();`, 2551],
    ['a misspelt property of a declared result', `const g = await memory.readGraph(); return g.entitie;`, 2551],
    ['calling what is not a function', `const g = await memory.readGraph(); g.entities();`, 2349],
    ['a property of the language that does not exist', `return Math.flor(1.5);`, 2551],
    ['await outside an async function', `function f() { await memory.readGraph(); }`, 1308],
  ])('%s', async (_what, body, code) => {
    expect(await codes(body)).toEqual([code]);
  });

  it('no Node or DOM globals: they do not exist in the sandbox', async () => {
    expect(await codes(`const title = document.title;\nreturn process.env.HOME;`)).toEqual([2584, 2591]);
  });

  it('the vendored lib files give ES2022: a misspelt ES2022 method is told its right name', async () => {
    expect(
      await codes(`return [[1].at(-1), Object.hasOwn({}, 'a'), 'a'.replaceAll('a', 'b'), new WeakRef({})];`),
    ).toEqual([]);
    const result = await checker.check(program(`return Object.hasOwnn({}, 'a');`));
    expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      "Property 'hasOwnn' does not exist on type 'ObjectConstructor'. Did you mean 'hasOwn'?",
    ]);
  });

  it('an import of a function that does not exist, and of a module that does not exist', async () => {
    const missing = await checker.check(
      `import { readGrap } from './servers/memory';\nexport async function exec() {}\n`,
    );
    expect(missing.ok ? [] : missing.diagnostics.map((d) => d.code)).toEqual([2724]);
    const module = await checker.check(`import * as jira from './servers/jira';\nexport async function exec() {}\n`);
    expect(module.ok ? [] : module.diagnostics.map((d) => d.code)).toEqual([2307]);
  });

  it('a syntax error, with its line, column and frame', async () => {
    const result = await checker.check('export async function exec() {\n  const x = ;\n}\n');
    expect(result).toEqual({
      ok: false,
      diagnostics: [
        {
          file: 'agent.ts',
          line: 2,
          column: 13,
          code: 1109,
          message: 'Expression expected.',
          frame: '  1 | export async function exec() {\n> 2 |   const x = ;\n    |             ^\n  3 | }',
        },
      ],
    });
  });

  it('at most three errors, one per line, in order, with the file name given', async () => {
    const result = await checker.check(program(['a1();', 'a2(); a3();', 'a4();', 'a5();'].join('\n')), 'job.ts');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.file, d.line, d.message])).toEqual([
      ['job.ts', 5, "Cannot find name 'a1'."],
      ['job.ts', 6, "Cannot find name 'a2'."],
      ['job.ts', 7, "Cannot find name 'a4'."],
    ]);
  });

  it('names the generated module as the agent imports it', async () => {
    const result = (await checker.check(program('memory.nothing;'))) as Extract<TypeCheckResult, { ok: false }>;
    expect(result.diagnostics[0]?.message).toBe(
      `Property 'nothing' does not exist on type 'typeof import("./servers/memory")'.`,
    );
  });
});

describe('what passes', () => {
  it.each([
    [
      'reading properties of a result with no output schema',
      `const r = await github.searchRepositories({ query: 'x' }); return r.items[0].full_name.toUpperCase();`,
    ],
    ['any', `const x: any = JSON.parse('{}'); return x.a.b.c();`],
    ['JSON.parse results', `const data = JSON.parse(await readFile('a.json')); return data.items.map((i) => i.id);`],
    ['untyped parameters', `function pick(o, k) { return o[k]; } return pick({ a: 1 }, 'a');`],
    ['catch (e) with e.message', `try { await memory.readGraph(); } catch (e) { return e.message; }`],
    ['building an object from {}', `const acc = {}; acc.total = 1; acc['x'] = 2; return acc;`],
    [
      'strict-null opinions',
      `const g = await memory.readGraph(); const e = g.entities.find((x) => x.name === 'a'); return e.name.length;`,
    ],
    ['own functions called loosely', `function f(a: string) { return a; } return f(1, 2);`],
    ['own annotations that do not hold', `const n: number = 'one'; return n;`],
    ['unused variables and unreachable code', `const unused = 1; return 2; console.log('never');`],
    [
      'the sandbox globals',
      `await new Promise((r) => setTimeout(r, 1)); const u = new URL('https://a.b/?q=1'); return [u.searchParams.get('q'), btoa('x'), atob('eA=='), new TextDecoder().decode(new TextEncoder().encode('é')), structuredClone({ a: 1 })];`,
    ],
    [
      'a nullable argument',
      `const e = (await memory.readGraph()).entities.find(() => true); await memory.openNodes({ names: [e?.name] });`,
    ],
  ])('%s', async (_what, body) => {
    expect(await checker.check(program(body))).toEqual({ ok: true });
  });

  it('asking whether a global exists with typeof', async () => {
    expect(await checker.check(program(`return typeof process !== 'undefined' && typeof document;`))).toEqual({
      ok: true,
    });
  });
});

describe('a long-lived, incremental checker', () => {
  it('parses only the changed agent file on a second check, and sees a regenerated file', async () => {
    await checker.check(program('await memory.readGraph();'));
    const before = checker.stats();
    expect(await checker.check(program('return (await memory.readGraph()).entities.length;'))).toEqual({ ok: true });
    expect(checker.stats()).toEqual({ checks: before.checks + 1, fileUpdates: before.fileUpdates + 1 });

    // The same text again updates nothing.
    await checker.check(program('return (await memory.readGraph()).entities.length;'));
    expect(checker.stats().fileUpdates).toBe(before.fileUpdates + 1);

    // A server's tools changed: its regenerated file is read again and checked against.
    const path = '/servers/memory/readGraph.ts';
    const original = files.get(path)!;
    const changed = original.replace('readGraph(args: Args = {})', 'readGraph(args: { depth: number })');
    expect(changed).not.toBe(original);
    files.set(path, changed);
    try {
      reads.length = 0;
      expect(await codes('return (await memory.readGraph()).entities.length;')).toEqual([2554]);
      expect(reads).toContain(path);
    } finally {
      files.set(path, original);
    }
    expect(await checker.check(program('return (await memory.readGraph()).entities.length;'))).toEqual({ ok: true });
  });

  it('answers concurrent checks each with its own result', async () => {
    const [good, bad] = await Promise.all([
      checker.check(program('return 1;')),
      checker.check(program('return nope;')),
    ]);
    expect(good).toEqual({ ok: true });
    expect(bad.ok).toBe(false);
  });

  it('treats a file that fails to read as missing', async () => {
    const failing = createTypeChecker({
      read: () => {
        throw new Error('disk on fire');
      },
    });
    const result = await failing.check(
      `import * as memory from './servers/memory';\nexport async function exec() {}\n`,
    );
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual([2307]);
    failing.dispose();
  });
});
