import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, createBundler, type Bundler } from '../src/index.js';
import { generateTree, memorySource } from './support/tree.js';
import { runBundle } from './support/run.js';

let bundler: Bundler;

beforeAll(async () => {
  bundler = createBundler({ modules: memorySource(await generateTree(['github'])) });
});

const CALL = `github.getIssue({ owner: 'o', repo: 'r', issue_number: 1 })`;
const IMPORT = `import * as github from './servers/github';\n`;

describe('the exec entry point', () => {
  const forms: Array<[string, string, string]> = [
    ['exported async function', `export async function exec() { return ${CALL}; }`, 'exec'],
    ['exported sync function', `export function exec() { return 42; }`, 'exec'],
    ['async function, not exported', `async function exec() { return ${CALL}; }`, '__runbyte_exec'],
    ['sync function, not exported', `function exec() { return 42; }`, '__runbyte_exec'],
    ['exported const arrow', `export const exec = async () => ${CALL};`, 'exec'],
    ['const arrow, not exported', `const exec = () => 42;`, '__runbyte_exec'],
    ['exported under another name', `async function main() { return ${CALL}; }\nexport { main as exec };`, 'exec'],
    ['default-exported named function', `export default async function exec() { return 42; }`, '__runbyte_exec'],
  ];
  it.each(forms)('runs an %s through its export', async (_label, body, exportName) => {
    const bundle = await bundler.bundle(IMPORT + body + '\n');
    expect(bundle.exportName).toBe(exportName);
    const { value, calls } = await runBundle(bundle);
    if (body.includes('getIssue')) {
      expect(calls).toHaveLength(1);
      expect(value).toEqual({ echoed: calls[0] });
    } else {
      expect(calls).toHaveLength(0);
      expect(value).toBe(42);
    }
  });

  const selfCalls: Array<[string, string]> = [
    ['exec();', `async function exec() { return ${CALL}; }\nexec();`],
    [
      'exec().then(...)',
      `async function exec() { return ${CALL}; }\nexec().then((r) => (globalThis as any).__test_log('then', r));`,
    ],
    [
      'await exec() at top level',
      `export async function exec() { return ${CALL}; }\nconst r = await exec();\n(globalThis as any).__test_log('top', r);`,
    ],
    ['exec() on a const arrow', `const exec = async () => { return ${CALL}; };\nexec();`],
    ['exec() on an exported const', `export const exec = async () => ${CALL};\nvoid exec();`],
    [
      'exec() on a sync function',
      `function exec() { (globalThis as any).__test_log('ran'); return 7; }\nexec();\nexec();`,
    ],
  ];
  it.each(selfCalls)('runs exec exactly once when the code also calls it itself (%s)', async (_label, body) => {
    const bundle = await bundler.bundle(IMPORT + body + '\n');
    const { value, calls, logs } = await runBundle(bundle);
    if (body.includes('getIssue')) {
      expect(calls).toHaveLength(1);
      expect(value).toEqual({ echoed: calls[0] });
    } else {
      expect(logs.filter((l) => l[0] === 'ran')).toHaveLength(1);
      expect(value).toBe(7);
    }
    // The user's own call saw the same result as the sandbox's.
    for (const log of logs.filter((l) => l[0] === 'then' || l[0] === 'top')) expect(log[1]).toEqual(value);
  });

  it('warns, at the call, that the code calls exec itself', async () => {
    const bundle = await bundler.bundle(`async function exec() {\n  return 1;\n}\nexec().then(console.log);\n`);
    expect(bundle.diagnostics).toHaveLength(1);
    expect(bundle.diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 4, column: 1 });
    expect(bundle.diagnostics[0]?.message).toContain('does not run it again');
    expect(bundle.diagnostics[0]?.frame).toContain('> 4 | exec().then(console.log);');
    expect((await bundler.bundle(`export async function exec() { return 1; }\n`)).diagnostics).toEqual([]);
  });

  it('a sync exec that throws throws for every caller, once', async () => {
    const bundle = await bundler.bundle(
      `let runs = 0;\nfunction exec() { runs++; throw new Error('boom ' + runs); }\ntry { exec(); } catch (e) { (globalThis as any).__test_log(String(e)); }\n`,
    );
    await expect(runBundle(bundle)).rejects.toThrow('boom 1');
  });

  it('does not wrap exec when the code never mentions it again', async () => {
    const bundle = await bundler.bundle(`export async function exec() { return 1; }\n`);
    expect(bundle.modules['agent.ts']?.code).not.toContain('__runbyte_once');
  });

  it('keeps top-level await in the module', async () => {
    const bundle = await bundler.bundle(
      IMPORT +
        `const issue = await ${CALL};\nexport async function exec() { return { issue, again: await ${CALL} }; }\n`,
    );
    expect(bundle.modules['agent.ts']?.code).toMatch(/^const issue = await github\.getIssue/m);
    const { value, calls } = await runBundle(bundle);
    expect(calls).toHaveLength(2);
    expect(value).toEqual({ issue: { echoed: calls[0] }, again: { echoed: calls[1] } });
  });

  it('strips TypeScript: types, interfaces, enums, generics, satisfies, non-null', async () => {
    const bundle = await bundler.bundle(
      `interface P { n: number }\nenum Color { Red = 'red', Blue = 'blue' }\nfunction id<T>(x: T): T { return x; }\n` +
        `const p = { n: 2 } satisfies P;\nexport async function exec(): Promise<string> {\n  const m = new Map<string, number>([['a', p.n]]);\n  return id<string>(Color.Blue) + m.get('a')!;\n}\n`,
    );
    expect((await runBundle(bundle)).value).toBe('blue2');
  });

  it('fails with NO_EXEC, showing the expected shape, when there is no exec', async () => {
    const error = await bundler
      .bundle(IMPORT + `async function main() { return ${CALL}; }\nmain();\n`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe('NO_EXEC');
    expect((error as BundleError).message).toContain('No exec() function found');
    expect((error as BundleError).message).toContain('export async function exec() {');
    // The hint names no server that may not exist (it used to show a github call).
    expect((error as BundleError).message).not.toMatch(/github|octocat/);
    expect((error as BundleError).diagnostics[0]).toMatchObject({ file: 'agent.ts', line: 1, column: 1 });
  });

  it('does not take an exec nested in a block or function for the entry point', async () => {
    const error = await bundler
      .bundle(`function outer() { function exec() { return 1; } return exec; }\n`)
      .catch((e: unknown) => e);
    expect((error as BundleError).code).toBe('NO_EXEC');
  });

  it('uses the given filename as the entry module name', async () => {
    const bundle = await bundler.bundle(`export function exec() { return 1; }\n`, { filename: 'task.ts' });
    expect(bundle.entry).toBe('task.ts');
    expect(Object.keys(bundle.modules)).toEqual(['task.ts']);
    expect(JSON.parse(bundle.modules['task.ts']!.map!).sources).toEqual(['task.ts']);
  });
});
