import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWorkspace,
  VfsError,
  WORKSPACE_MODULE,
  workspaceHostHandler,
  workspaceModuleSource,
  type Workspace,
} from '../src/index.js';
import { rejection, tempDir } from './support/catalog.js';
import { typecheckFiles } from './support/typecheck.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function setup(): { ws: Workspace; dir: string } {
  const base = tempDir();
  cleanups.push(base.cleanup);
  const dir = join(base.dir, 'ws');
  return { ws: createWorkspace({ dir, maxFiles: 3 }), dir };
}

/** What crosses the sandbox boundary is JSON, both ways. */
const json = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

describe('workspaceHostHandler', () => {
  it('carries bytes as base64 both ways and refuses text that is not base64', async () => {
    const { ws, dir } = setup();
    const bytes = Buffer.from([0, 255, 1, 128, 10, 13]);
    expect(await workspaceHostHandler(ws)('writeBytes', ['b.bin', bytes.toString('base64')])).toBeNull();
    expect(readFileSync(join(dir, 'b.bin')).equals(bytes)).toBe(true);
    expect(await workspaceHostHandler(ws)('readBytes', ['/workspace/b.bin'])).toBe(bytes.toString('base64'));
    const bad = await rejection(workspaceHostHandler(ws)('writeBytes', ['c.bin', 'not base64!']));
    expect(bad.message).toMatch(/writeBytes\(path, base64\) needs base64 text/);
    expect(existsSync(join(dir, 'c.bin'))).toBe(false);
  });

  it('dispatches every operation with JSON arguments and JSON results', async () => {
    const { ws } = setup();
    const call = async (op: string, ...args: unknown[]) =>
      json(await workspaceHostHandler(ws)(op, json(args) as unknown[]));
    expect(await call('writeFile', '/workspace/a.txt', 'one')).toBeNull();
    expect(await call('appendFile', 'workspace/a.txt', ' two')).toBeNull();
    expect(await call('readFile', './workspace/a.txt')).toBe('one two');
    expect(await call('writeJSON', 'd/v.json', { n: [1, 2] })).toBeNull();
    expect(await call('readJSON', 'd/v.json')).toEqual({ n: [1, 2] });
    expect(await call('writeJSON', 'null.json', null)).toBeNull();
    expect(await call('readJSON', 'null.json')).toBeNull();
    expect(await call('listFiles')).toEqual(['a.txt', 'd/v.json', 'null.json']);
    expect(await call('listFiles', null)).toEqual(['a.txt', 'd/v.json', 'null.json']);
    expect(await call('listFiles', 'd')).toEqual(['d/v.json']);
    expect(await call('exists', 'a.txt')).toBe(true);
    expect(await call('deleteFile', 'a.txt')).toBe(true);
    expect(await call('deleteFile', 'a.txt')).toBe(false);
    expect(await call('exists', 'a.txt')).toBe(false);
  });

  it('refuses an unknown operation, naming the known ones', async () => {
    const { ws } = setup();
    const error = await rejection(workspaceHostHandler(ws)('rm', ['a']));
    expect(error).toBeInstanceOf(VfsError);
    expect(error.code).toBe('EINVAL');
    expect(error.message).toBe(
      'EINVAL: Unknown @runbyte/fs operation "rm"; the operations are readFile, writeFile, readBytes, writeBytes, appendFile, listFiles, deleteFile, exists, readJSON, writeJSON, saveSkill, listSkills.',
    );
    expect((await rejection(workspaceHostHandler(ws)('toString', []))).code).toBe('EINVAL');
    expect((await rejection(workspaceHostHandler(ws)('__proto__', []))).code).toBe('EINVAL');
    expect((await rejection(workspaceHostHandler(ws)(5 as unknown as string, []))).message).toContain(
      'Unknown @runbyte/fs operation number',
    );
  });

  it('refuses arguments of the wrong type, saying which and what it got', async () => {
    const { ws } = setup();
    const cases: Array<[string, unknown[], string]> = [
      ['readFile', [], 'EINVAL: readFile(path) needs path to be a string, got undefined.'],
      ['readFile', [1], 'EINVAL: readFile(path) needs path to be a string, got number.'],
      ['writeFile', ['a.txt'], 'EINVAL: writeFile(path, content) needs content to be a string, got undefined.'],
      [
        'writeFile',
        ['a.txt', { a: 1 }],
        'EINVAL: writeFile(path, content) needs content to be a string, got an object.',
      ],
      ['appendFile', [null, 'x'], 'EINVAL: appendFile(path, content) needs path to be a string, got null.'],
      ['listFiles', [3], 'EINVAL: listFiles(dir?) needs dir to be a string, got number.'],
      ['deleteFile', [[]], 'EINVAL: deleteFile(path) needs path to be a string, got an array.'],
      ['exists', [true], 'EINVAL: exists(path) needs path to be a string, got boolean.'],
      ['writeJSON', ['a.json'], 'EINVAL: writeJSON(path, value) needs a value to write.'],
    ];
    for (const [op, args, message] of cases) {
      const error = await rejection(workspaceHostHandler(ws)(op, args));
      expect(error.code, op).toBe('EINVAL');
      expect(error.message).toBe(message);
    }
    expect((await rejection(workspaceHostHandler(ws)('readFile', 'a.txt' as unknown as unknown[]))).message).toBe(
      'EINVAL: The arguments of readFile(path) must be an array, got string.',
    );
    expect(await ws.listFiles()).toEqual([]);
  });

  it('passes workspace errors through with their codes and virtual paths', async () => {
    const { ws, dir } = setup();
    for (const [op, args, code] of [
      ['readFile', ['missing.txt'], 'ENOENT'],
      ['readFile', ['../x'], 'EESCAPE'],
      ['readFile', ['/workspace'], 'EISDIR'],
    ] as const) {
      const error = await rejection(workspaceHostHandler(ws)(op, [...args]));
      expect(error.code).toBe(code);
      expect(error.message).not.toContain(dir);
    }
    for (const name of ['a', 'b', 'c']) await workspaceHostHandler(ws)('writeFile', [name, 'x']);
    expect((await rejection(workspaceHostHandler(ws)('writeFile', ['d', 'x']))).code).toBe('EQUOTA');
  });
});

describe('the @runbyte/fs module', () => {
  it('is named @runbyte/fs', () => {
    expect(WORKSPACE_MODULE).toBe('@runbyte/fs');
  });

  it('type-checks on its own under tsc --strict, and so does code that uses it', () => {
    const agent = [
      "import { appendFile, deleteFile, exists, listFiles, readFile, readJSON, writeFile, writeJSON } from './fs.js';",
      'export async function exec(): Promise<number> {',
      "  await writeFile('notes.txt', 'a');",
      "  await appendFile('/workspace/notes.txt', 'b');",
      "  const state = await readJSON<{ runs: number }>('state.json');",
      "  await writeJSON('state.json', { runs: state.runs + 1 });",
      '  const names: string[] = await listFiles();',
      "  const gone: boolean = await deleteFile('old.txt');",
      "  const there: boolean = await exists('notes.txt');",
      "  return names.length + (await readFile('notes.txt')).length + Number(gone) + Number(there);",
      '}',
    ].join('\n');
    // One program: fs.ts's own diagnostics would show here too, and agent.ts declares nothing it could lean on.
    expect(typecheckFiles({ 'fs.ts': workspaceModuleSource(), 'agent.ts': agent })).toEqual([]);
    expect(
      typecheckFiles({
        'fs.ts': workspaceModuleSource(),
        'agent.ts': "import { writeFile } from './fs.js';\nexport const p: Promise<void> = writeFile('a', 1);\n",
      }),
    ).toHaveLength(1);
  });

  it('documents every operation with JSDoc', () => {
    const source = workspaceModuleSource();
    for (const op of [
      'readFile',
      'writeFile',
      'appendFile',
      'listFiles',
      'deleteFile',
      'exists',
      'readJSON',
      'writeJSON',
    ]) {
      expect(source).toMatch(new RegExp(`\\*/\\nexport async function ${op}[<(]`));
    }
  });

  it('runs against workspaceHostHandler through a JSON bridge', async () => {
    const { ws } = setup();
    const js = ts.transpileModule(workspaceModuleSource(), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const bridge = async (op: string, ...args: unknown[]) =>
      json(await workspaceHostHandler(ws)(op, json(args) as unknown[]));
    const fs: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    new Function('exports', '__runbyte_fs', js)(fs, bridge);

    await fs.writeFile!('/workspace/log.txt', 'start');
    await fs.appendFile!('log.txt', '\nmore');
    await fs.writeJSON!('workspace/state.json', { runs: 1 });
    expect(await fs.readFile!('./workspace/log.txt')).toBe('start\nmore');
    expect(await fs.readJSON!('state.json')).toEqual({ runs: 1 });
    expect(await fs.listFiles!()).toEqual(['log.txt', 'state.json']);
    expect(await fs.exists!('log.txt')).toBe(true);
    expect(await fs.deleteFile!('log.txt')).toBe(true);
    expect(await fs.listFiles!('/workspace')).toEqual(['state.json']);
    await expect(fs.readFile!('log.txt')).rejects.toThrow(
      'ENOENT: /workspace/log.txt does not exist. /workspace contains: state.json.',
    );
    await expect(fs.writeFile!('x.txt', 42)).rejects.toThrow(
      'EINVAL: writeFile(path, content) needs content to be a string, got number.',
    );
  });
});
