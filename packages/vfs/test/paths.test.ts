import { afterEach, describe, expect, it } from 'vitest';
import { createVfs, VfsError, WORKSPACE_MODULE, workspaceModuleSource, type CatalogServer } from '../src/index.js';
import { createCatalog, loadCatalogue, rejection, tempDir } from './support/catalog.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

const broken: CatalogServer = {
  name: 'broken',
  status: 'unavailable',
  error: 'connection refused',
  tools: [],
  toolsVersion: 0,
};

function setup() {
  const ws = tempDir();
  cleanups.push(ws.cleanup);
  const catalog = createCatalog(loadCatalogue(), [broken]);
  return { vfs: createVfs({ catalog, workspace: { dir: ws.dir } }), dir: ws.dir };
}

describe('path normalisation', () => {
  it('reads the same file through every spelling of its path', async () => {
    const { vfs } = setup();
    const expected = await vfs.read('/servers/memory/readGraph.ts');
    for (const path of [
      'servers/memory/readGraph.ts',
      './servers/memory/readGraph.ts',
      '/servers//memory///readGraph.ts',
      '/servers/./memory/readGraph.ts',
      '/servers/github/../memory/readGraph.ts',
      '/workspace/../servers/memory/readGraph.ts',
      '/servers/memory/readGraph', // .ts is optional
      '/servers/memory/readGraph.js', // as written in an import
    ]) {
      expect(await vfs.read(path), path).toBe(expected);
    }
  });

  it('reads the root files with or without .ts', async () => {
    const { vfs } = setup();
    const index = await vfs.read('/servers/index.ts');
    expect(await vfs.read('servers/index')).toBe(index);
    expect(await vfs.read('/servers/index.js')).toBe(index);
    expect(await vfs.read('/servers/_runtime')).toBe(await vfs.read('/servers/_runtime.ts'));
  });

  it('lists the same folder through every spelling of its path', async () => {
    const { vfs } = setup();
    for (const path of [
      'servers/memory',
      '/servers//memory/',
      './servers/memory/',
      '/servers/memory/.',
      '/servers/slack/../memory',
    ]) {
      const listing = await vfs.list(path);
      expect(listing.path, path).toBe('/servers/memory');
    }
    for (const path of ['', '.', './', '/', '//', '/servers/..']) expect((await vfs.list(path)).path, path).toBe('/');
  });

  it('lists / when no path is given', async () => {
    const { vfs } = setup();
    expect((await vfs.list()).path).toBe('/');
  });
});

describe('read errors', () => {
  it('refuses to read a folder (EISDIR)', async () => {
    const { vfs } = setup();
    for (const path of ['/', '/servers', '/servers/memory/', 'servers/broken', '/workspace']) {
      const error = await rejection(vfs.read(path));
      expect(error, path).toBeInstanceOf(VfsError);
      expect(error.code, path).toBe('EISDIR');
    }
    expect((await rejection(vfs.read('/servers/memory'))).message).toBe(
      'EISDIR: /servers/memory is a folder; list it to see its files (/servers/memory/index.ts has the signatures of all of its functions).',
    );
  });

  it('names the close match first, then what exists, for an unknown server', async () => {
    const { vfs } = setup();
    const error = await rejection(vfs.read('/servers/memroy/readGraph.ts'));
    expect(error.code).toBe('ENOENT');
    expect(error.path).toBe('/servers/memroy/readGraph.ts');
    expect(error.message).toMatch(
      /^ENOENT: \/servers\/memroy \(in \/servers\/memroy\/readGraph\.ts\) does not exist\. Did you mean "memory\/"\? \/servers contains: index\.ts, _runtime\.ts, brave-search\/, .*, broken\/\.$/,
    );
  });

  it('suggests the function file for an original tool name', async () => {
    const { vfs } = setup();
    const error = await rejection(vfs.read('/servers/github/create_issue.ts'));
    expect(error.code).toBe('ENOENT');
    expect(error.message).toContain('Did you mean "createIssue.ts"');
    expect(error.message).toContain('/servers/github contains: index.ts, ');
  });

  it('caps long folder contents in the message', async () => {
    const { vfs } = setup();
    const tools = Array.from({ length: 50 }, (_, i) => ({ name: `tool_${i}`, inputSchema: { type: 'object' } }));
    const big = createVfs({ catalog: createCatalog([['big', tools]]), workspace: vfs.workspace });
    const error = await rejection(big.read('/servers/big/nothingLikeIt.ts'));
    expect(error.message).toContain('... and 21 more (list /servers/big to see all).');
  });

  it('names what exists at the root for an unknown top folder', async () => {
    const { vfs } = setup();
    const error = await rejection(vfs.read('/server/github/index.ts'));
    expect(error.code).toBe('ENOENT');
    expect(error.message).toBe(
      'ENOENT: /server (in /server/github/index.ts) does not exist. Did you mean "servers/"? / contains: servers/, skills/, workspace/.',
    );
  });

  it('refuses a path under a file (ENOTDIR)', async () => {
    const { vfs } = setup();
    for (const path of ['/servers/index.ts/x', '/servers/_runtime.ts/x', '/servers/memory/readGraph.ts/x']) {
      const error = await rejection(vfs.read(path));
      expect(error.code, path).toBe('ENOTDIR');
      expect(error.message, path).toContain('is a file, not a folder');
    }
  });

  it('refuses .. that escapes the root (EESCAPE)', async () => {
    const { vfs } = setup();
    for (const path of ['..', '/..', '../etc/passwd', '/servers/../../etc/passwd', 'servers/memory/../../../x']) {
      const error = await rejection(vfs.read(path));
      expect(error.code, path).toBe('EESCAPE');
      expect(error.path, path).toBe(path);
    }
    expect((await rejection(vfs.list('/servers/../..'))).code).toBe('EESCAPE');
  });

  it('refuses a path that is not a string (EINVAL)', async () => {
    const { vfs } = setup();
    const error = await rejection(vfs.read(42 as unknown as string));
    expect(error.code).toBe('EINVAL');
    expect(error.message).toBe('EINVAL: The path must be a string, got number.');
  });
});

describe('list errors', () => {
  it('refuses to list a file (ENOTDIR) and names what exists for an unknown folder', async () => {
    const { vfs } = setup();
    const file = await rejection(vfs.list('/servers/memory/readGraph.ts'));
    expect(file.code).toBe('ENOTDIR');
    expect(file.message).toBe('ENOTDIR: /servers/memory/readGraph.ts is a file, not a folder; read it instead.');
    const missing = await rejection(vfs.list('/servers/slak'));
    expect(missing.code).toBe('ENOENT');
    expect(missing.message).toContain('Did you mean "slack/"?');
  });
});

describe('the workspace through read and list', () => {
  it('reads /workspace files, names what exists when one is missing, and never shows the host folder', async () => {
    const { vfs, dir } = setup();
    await vfs.workspace.writeFile('reports/summary.md', '# ok');
    expect(await vfs.read('/workspace/reports/summary.md')).toBe('# ok');
    expect(await vfs.read('workspace/reports/summary.md')).toBe('# ok');
    const error = await rejection(vfs.read('/workspace/reports/sumary.md'));
    expect(error.code).toBe('ENOENT');
    expect(error.message).toBe(
      'ENOENT: /workspace/reports/sumary.md does not exist. Did you mean "summary.md"? /workspace/reports contains: summary.md.',
    );
    const deeper = await rejection(vfs.read('/workspace/nope/x.txt'));
    expect(deeper.message).toBe('ENOENT: /workspace/nope/x.txt does not exist. /workspace contains: reports/.');
    for (const e of [error, deeper, await rejection(vfs.list('/workspace/reports/summary.md'))])
      expect(e.message).not.toContain(dir);
  });

  it('shows the @runbyte/fs module source when asked for it by name', async () => {
    const { vfs } = setup();
    expect(await vfs.read(WORKSPACE_MODULE)).toBe(workspaceModuleSource());
  });
});

describe('modules.read', () => {
  it('returns the sources of /servers files by absolute path', async () => {
    const { vfs } = setup();
    expect(await vfs.modules.read('/servers/memory/readGraph.ts')).toContain('export async function readGraph');
    expect(await vfs.read('/servers/memory/readGraph.ts')).toContain('export declare function readGraph');
    expect(await vfs.modules.read('/servers/index.ts')).toContain('export * as memory from "./memory/index.js";');
    expect(await vfs.modules.read('/servers/_runtime.ts')).toContain('__runbyte_callTool');
    expect(await vfs.modules.read('/servers/broken/index.ts')).toEqual(expect.any(String));
  });

  it('resolves undefined, never throws, for anything that is not a /servers file', async () => {
    const { vfs } = setup();
    await vfs.workspace.writeFile('x.ts', 'export const x = 1;');
    for (const path of [
      '/servers/memory/nope.ts',
      '/servers/nope/index.ts',
      '/servers/memory',
      '/servers',
      '/servers/memory/readGraph', // the bundler asks for exact file names
      '/servers/memory/readGraph.ts/x',
      '/servers/../../etc/passwd',
      '/workspace/x.ts',
      'servers/memory/index.ts',
      '@runbyte/fs',
      '',
    ]) {
      expect(await vfs.modules.read(path), path).toBeUndefined();
    }
  });
});
