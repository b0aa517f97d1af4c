import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile as readHostFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, defaultWorkspaceDir, VfsError, type Workspace, type WorkspaceOptions } from '../src/index.js';
import { rejection, tempDir } from './support/catalog.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function setup(options: Omit<WorkspaceOptions, 'dir'> = {}): { ws: Workspace; dir: string; base: string } {
  const base = tempDir();
  cleanups.push(base.cleanup);
  const dir = join(base.dir, 'workspace');
  return { ws: createWorkspace({ ...options, dir }), dir, base: base.dir };
}

/** Every name on disk under dir, temp files included. */
function allNames(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('the workspace folder', () => {
  it('is created on first use, not before', async () => {
    const { ws, dir } = setup();
    expect(ws.dir).toBe(dir);
    expect(existsSync(dir)).toBe(false);
    expect(await ws.listFiles()).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });

  it('persists files across workspaces on the same folder', async () => {
    const { ws, dir } = setup();
    await ws.writeFile('notes/today.md', 'remember');
    await ws.writeJSON('state.json', { step: 3 });
    const again = createWorkspace({ dir });
    expect(await again.readFile('/workspace/notes/today.md')).toBe('remember');
    expect(await again.readJSON('state.json')).toEqual({ step: 3 });
    expect(await again.listFiles()).toEqual(['notes/today.md', 'state.json']);
  });

  it('defaults to <user data dir>/runbyte/workspace on each platform', () => {
    expect(defaultWorkspaceDir({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/runbyte/workspace');
    expect(defaultWorkspaceDir({ XDG_DATA_HOME: 'relative/ignored' }, 'linux')).toMatch(
      /\.local\/share\/runbyte\/workspace$/,
    );
    expect(defaultWorkspaceDir({}, 'linux')).toMatch(/\.local\/share\/runbyte\/workspace$/);
    expect(defaultWorkspaceDir({}, 'darwin')).toMatch(/Library\/Application Support\/runbyte\/workspace$/);
    expect(createWorkspace().dir).toBe(defaultWorkspaceDir());
  });

  it('refuses bad options', () => {
    expect(() => createWorkspace({ maxFiles: 0 })).toThrow(
      'EINVAL: The workspace option maxFiles must be a positive whole number, got 0.',
    );
    expect(() => createWorkspace({ maxFileBytes: 1.5 })).toThrow(VfsError);
    expect(() => createWorkspace({ dir: '' })).toThrow('EINVAL');
  });
});

describe('file operations', () => {
  it('writes, reads, appends, lists, checks and deletes files', async () => {
    const { ws } = setup();
    await ws.writeFile('a.txt', 'one');
    await ws.appendFile('a.txt', ' two');
    await ws.appendFile('log/new.txt', 'first');
    expect(await ws.readFile('a.txt')).toBe('one two');
    expect(await ws.readFile('log/new.txt')).toBe('first');
    expect(await ws.listFiles()).toEqual(['a.txt', 'log/new.txt']);
    expect(await ws.listFiles('log')).toEqual(['log/new.txt']);
    expect(await ws.exists('a.txt')).toBe(true);
    expect(await ws.exists('log')).toBe(true);
    expect(await ws.exists('b.txt')).toBe(false);
    expect(await ws.deleteFile('a.txt')).toBe(true);
    expect(await ws.deleteFile('a.txt')).toBe(false);
    expect(await ws.exists('a.txt')).toBe(false);
  });

  it('accepts /workspace/x, workspace/x, ./workspace/x and x for the same file', async () => {
    const { ws, dir } = setup();
    await ws.writeFile('/workspace/d/f.txt', '1');
    await ws.appendFile('workspace/d/f.txt', '2');
    await ws.appendFile('./workspace/d/f.txt', '3');
    await ws.appendFile('d/f.txt', '4');
    await ws.appendFile('./d//./f.txt', '5');
    expect(readFileSync(join(dir, 'd', 'f.txt'), 'utf8')).toBe('12345');
    for (const path of ['/workspace/d/f.txt', 'workspace/d/f.txt', './workspace/d/f.txt', 'd/f.txt']) {
      expect(await ws.readFile(path), path).toBe('12345');
    }
    for (const dirPath of [undefined, '/workspace', 'workspace', './workspace', '', '.']) {
      expect(await ws.listFiles(dirPath), String(dirPath)).toEqual(['d/f.txt']);
    }
    for (const dirPath of ['/workspace/d', 'workspace/d/', './workspace/d', 'd'])
      expect(await ws.listFiles(dirPath)).toEqual(['d/f.txt']);
  });

  it('keeps UTF-8 text intact', async () => {
    const { ws } = setup();
    await ws.writeFile('ünï.txt', 'naïve — 工具 🔍');
    await ws.appendFile('ünï.txt', ' ✓');
    expect(await ws.readFile('ünï.txt')).toBe('naïve — 工具 🔍 ✓');
  });

  it('round-trips JSON and explains a file that is not JSON', async () => {
    const { ws, dir } = setup();
    await ws.writeJSON('data.json', { list: [1, 'two', null], nested: { ok: true } });
    expect(await ws.readJSON('data.json')).toEqual({ list: [1, 'two', null], nested: { ok: true } });
    expect(await ws.readFile('data.json')).toBe(
      '{\n  "list": [\n    1,\n    "two",\n    null\n  ],\n  "nested": {\n    "ok": true\n  }\n}\n',
    );
    await ws.writeFile('bad.json', '{oops');
    const error = await rejection(ws.readJSON('bad.json'));
    expect(error.code).toBe('EINVAL');
    expect(error.message).toMatch(
      /^EINVAL: \/workspace\/bad\.json is not valid JSON \(.+\); read it with readFile instead\.$/,
    );
    expect(error.message).not.toContain(dir);
    expect((await rejection(ws.writeJSON('u.json', undefined))).code).toBe('EINVAL');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect((await rejection(ws.writeJSON('c.json', circular))).message).toMatch(
      /^EINVAL: The value cannot be written as JSON/,
    );
  });

  it('removes folders left empty by deleteFile', async () => {
    const { ws, dir } = setup();
    await ws.writeFile('a/b/c.txt', 'x');
    await ws.writeFile('a/keep.txt', 'x');
    await ws.deleteFile('a/b/c.txt');
    expect(allNames(dir)).toEqual(['a', join('a', 'keep.txt')]);
  });
});

describe('errors', () => {
  it('names what exists when a file is missing, with virtual paths only', async () => {
    const { ws, dir } = setup();
    await ws.writeFile('reports/q1.json', '{}');
    await ws.writeFile('reports/q2.json', '{}');
    const error = await rejection(ws.readFile('reports/q3.json'));
    expect(error).toBeInstanceOf(VfsError);
    expect(error.code).toBe('ENOENT');
    expect(error.path).toBe('/workspace/reports/q3.json');
    expect(error.message).toBe(
      'ENOENT: /workspace/reports/q3.json does not exist. Did you mean "q1.json" or "q2.json"? /workspace/reports contains: q1.json, q2.json.',
    );
    const empty = await rejection(createWorkspace({ dir: join(dir, '..', 'other') }).readFile('x'));
    expect(empty.message).toBe('ENOENT: /workspace/x does not exist. /workspace is empty.');
    const folder = await rejection(ws.listFiles('nope'));
    expect(folder.code).toBe('ENOENT');
    expect(folder.message).toContain('/workspace contains: reports/.');
  });

  it('refuses folders where files are expected and files where folders are', async () => {
    const { ws } = setup();
    await ws.writeFile('dir/file.txt', 'x');
    for (const op of [
      () => ws.readFile('dir'),
      () => ws.writeFile('dir', 'x'),
      () => ws.appendFile('dir', 'x'),
      () => ws.deleteFile('dir'),
      () => ws.readFile('/workspace'),
      () => ws.writeFile('', 'x'),
    ]) {
      expect((await rejection(op())).code).toBe('EISDIR');
    }
    expect((await rejection(ws.listFiles('dir/file.txt'))).code).toBe('ENOTDIR');
    const under = await rejection(ws.writeFile('dir/file.txt/inner.txt', 'x'));
    expect(under.code).toBe('ENOTDIR');
    expect(under.message).toBe(
      'ENOTDIR: Cannot write /workspace/dir/file.txt/inner.txt: one of its parent folders is a file.',
    );
  });

  it('refuses .. that leaves the workspace and absolute paths elsewhere (EESCAPE)', async () => {
    const { ws, base } = setup();
    for (const path of [
      '../outside.txt',
      '/workspace/../outside.txt',
      'workspace/../../x',
      'a/../../x',
      '/etc/passwd',
      '/servers/github/index.ts',
      '..',
    ]) {
      for (const op of [
        () => ws.readFile(path),
        () => ws.writeFile(path, 'x'),
        () => ws.exists(path),
        () => ws.deleteFile(path),
      ]) {
        const error = await rejection(op());
        expect(error.code, path).toBe('EESCAPE');
        expect(error.message, path).toBe(
          `EESCAPE: ${JSON.stringify(path)} is outside /workspace. Workspace paths look like "notes.txt" or "/workspace/notes.txt".`,
        );
      }
    }
    expect(existsSync(join(base, 'outside.txt'))).toBe(false);
    expect(await ws.readFile('a/../b/../c/../x.txt').catch((e: VfsError) => e.code)).toBe('ENOENT');
  });

  it('refuses symbolic links that point out of the workspace, for every operation', async () => {
    const { ws, dir, base } = setup();
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    await ws.writeFile('inside.txt', 'fine');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'file-link'));
    symlinkSync(outside, join(dir, 'dir-link'));
    symlinkSync(join(dir, 'inside.txt'), join(dir, 'ok-link'));

    for (const path of ['file-link', 'dir-link/secret.txt', 'dir-link/new.txt']) {
      for (const op of [
        () => ws.readFile(path),
        () => ws.writeFile(path, 'x'),
        () => ws.appendFile(path, 'x'),
        () => ws.exists(path),
        () => ws.deleteFile(path),
        () => ws.readJSON(path),
      ]) {
        const error = await rejection(op());
        expect(error.code, path).toBe('EESCAPE');
        expect(error.message).toBe(
          `EESCAPE: /workspace/${path} goes through a symbolic link that points outside /workspace; only files inside the workspace can be used.`,
        );
        expect(error.message).not.toContain(base);
      }
    }
    expect((await rejection(ws.listFiles('dir-link'))).code).toBe('EESCAPE');
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    // A link inside the workspace is an ordinary file; links out are not listed.
    expect(await ws.readFile('ok-link')).toBe('fine');
    expect(await ws.listFiles()).toEqual(['inside.txt', 'ok-link']);
  });

  it('refuses paths that are not strings and reserved temp names (EINVAL)', async () => {
    const { ws } = setup();
    expect((await rejection(ws.readFile(7 as unknown as string))).message).toBe(
      'EINVAL: The path must be a string, got number.',
    );
    expect((await rejection(ws.writeFile('a.txt', { a: 1 } as unknown as string))).message).toBe(
      'EINVAL: The content must be a string, got an object. Use writeJSON to store other values as JSON.',
    );
    expect((await rejection(ws.writeFile('.runbyte-tmp-x', 'x'))).code).toBe('EINVAL');
    expect((await rejection(ws.readFile('a\0b'))).code).toBe('EINVAL');
  });
});

describe('quotas', () => {
  it('refuses a file over the per-file limit, naming the limit', async () => {
    const { ws } = setup({ maxFileBytes: 10 });
    await ws.writeFile('ok.txt', '0123456789');
    const error = await rejection(ws.writeFile('big.txt', '01234567890'));
    expect(error.code).toBe('EQUOTA');
    expect(error.message).toBe(
      'EQUOTA: Writing /workspace/big.txt would make it 11 B, over the limit of 10 B per file (it is 0 B now). Split the data into smaller files.',
    );
    expect(error.limit).toBe(10);
    const append = await rejection(ws.appendFile('ok.txt', 'x'));
    expect(append.message).toContain('would make it 11 B, over the limit of 10 B per file (it is 10 B now)');
    // Bytes, not characters: 4 × 3-byte characters.
    expect((await rejection(ws.writeFile('u.txt', '工具工具'))).code).toBe('EQUOTA');
    expect(await ws.exists('big.txt')).toBe(false);
    expect(await ws.readFile('ok.txt')).toBe('0123456789');
  });

  it('refuses a file over the file count, but lets existing files be replaced', async () => {
    const { ws } = setup({ maxFiles: 2 });
    await ws.writeFile('a', '1');
    await ws.writeFile('b', '2');
    const error = await rejection(ws.writeFile('c', '3'));
    expect(error.code).toBe('EQUOTA');
    expect(error.message).toBe(
      'EQUOTA: Creating /workspace/c would exceed the limit of 2 files in /workspace (it holds 2 files now). Delete files you no longer need (deleteFile) or write less data.',
    );
    expect([error.limit, error.usage]).toEqual([2, 2]);
    await ws.writeFile('a', 'replaced');
    await ws.appendFile('b', 'appended');
    await ws.deleteFile('a');
    await ws.writeFile('c', '3');
    expect(await ws.listFiles()).toEqual(['b', 'c']);
  });

  it('refuses writes over the total size, counting what a replace frees', async () => {
    const { ws } = setup({ maxTotalBytes: 20 });
    await ws.writeFile('a', '0123456789');
    await ws.writeFile('b', '012345678');
    const error = await rejection(ws.writeFile('c', '01'));
    expect(error.code).toBe('EQUOTA');
    expect(error.message).toBe(
      'EQUOTA: Writing /workspace/c would bring /workspace to 21 B, over the limit of 20 B in total (19 B used now). Delete files you no longer need (deleteFile) or write less data.',
    );
    expect([error.limit, error.usage]).toEqual([20, 19]);
    await ws.writeFile('a', '0');
    await ws.writeFile('c', '0123456789');
    expect(await ws.usage()).toEqual({
      files: 3,
      bytes: 20,
      folders: 0,
      limits: { maxFileBytes: 10 * 1024 * 1024, maxFiles: 1000, maxTotalBytes: 20, maxFolders: 1000 },
    });
  });

  it('counts files put in the folder from outside', async () => {
    const { ws, dir } = setup({ maxFiles: 2 });
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'external.csv'), 'a,b');
    await ws.writeFile('mine.txt', 'x');
    expect((await rejection(ws.writeFile('third.txt', 'x'))).message).toContain('(it holds 2 files now)');
    expect(await ws.listFiles()).toEqual(['mine.txt', 'sub/external.csv']);
  });

  it('holds under concurrent writes', async () => {
    const { ws } = setup({ maxFiles: 5 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => ws.writeFile(`f${i}.txt`, 'x')));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(5);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason.code === 'EQUOTA'),
    ).toBe(true);
    expect((await ws.listFiles()).length).toBe(5);
  });
});

describe('atomic writes', () => {
  it('leaves no temp files behind, after successes and after refusals', async () => {
    const { ws, dir } = setup({ maxFileBytes: 100 });
    await ws.writeFile('a.txt', 'x');
    await ws.appendFile('a.txt', 'y');
    await ws.writeJSON('d/b.json', [1]);
    await ws.writeFile('a.txt', 'z'.repeat(101)).catch(() => undefined);
    await Promise.all(Array.from({ length: 10 }, (_, i) => ws.appendFile('log.txt', `${i}\n`)));
    expect(allNames(dir)).toEqual(['a.txt', 'd', join('d', 'b.json'), 'log.txt']);
    expect((await ws.readFile('log.txt')).split('\n').filter(Boolean).sort()).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('never lets a reader see half a file', async () => {
    const { ws, dir } = setup();
    const size = 2 * 1024 * 1024;
    const versions = ['a', 'b', 'c', 'd'].map((ch) => ch.repeat(size));
    await ws.writeFile('big.txt', versions[0]!);
    let reading = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (reading) {
        const text = await readHostFile(join(dir, 'big.txt'), 'utf8');
        seen.add(text.length === size && text === text[0]!.repeat(size) ? 'whole' : `torn (${text.length} bytes)`);
      }
    })();
    for (let i = 0; i < 8; i++) await ws.writeFile('big.txt', versions[i % versions.length]!);
    reading = false;
    await reader;
    expect([...seen]).toEqual(['whole']);
  });

  it('ignores leftover temp files in listings and quotas', async () => {
    const { ws, dir } = setup({ maxFiles: 1 });
    await ws.listFiles();
    writeFileSync(join(dir, '.runbyte-tmp-crashed-123'), 'half');
    expect(await ws.listFiles()).toEqual([]);
    await ws.writeFile('one.txt', 'x');
    expect(await ws.usage()).toMatchObject({ files: 1, bytes: 1 });
  });
});

describe('appendFile', () => {
  it('adds to the end of an existing file in place (same inode), not by rewriting it', async () => {
    const { ws, dir } = setup({ maxFileBytes: 20 });
    await ws.appendFile('log.txt', 'one\n');
    const before = statSync(join(dir, 'log.txt')).ino;
    await ws.appendFile('log.txt', 'two\n');
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(statSync(join(dir, 'log.txt')).ino).toBe(before);
    // The per-file limit still counts what is already there.
    expect((await rejection(ws.appendFile('log.txt', 'x'.repeat(13)))).code).toBe('EQUOTA');
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('one\ntwo\n');
  });
});
