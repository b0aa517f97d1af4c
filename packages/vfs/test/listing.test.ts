import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverIdentifiers } from '@runbyte/codegen';
import { createVfs, type CatalogServer } from '../src/index.js';
import { createCatalog, loadCatalogue, tempDir, type TestCatalog } from './support/catalog.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function setup(catalog: TestCatalog = createCatalog()) {
  const ws = tempDir();
  cleanups.push(ws.cleanup);
  return { catalog, vfs: createVfs({ catalog, workspace: { dir: ws.dir } }), dir: ws.dir };
}

const catalogue = loadCatalogue();
const total = catalogue.reduce((n, [, tools]) => n + tools.length, 0);
const countOf = (server: string) => catalogue.find(([name]) => name === server)![1].length;

const broken: CatalogServer = {
  name: 'broken',
  status: 'unavailable',
  error: 'spawn my-server ENOENT: the command was not found',
  tools: [],
  toolsVersion: 0,
};
const slow: CatalogServer = { name: 'slow', status: 'connecting', tools: [], toolsVersion: 0 };

describe('listing /', () => {
  it('shows servers/, skills/ and workspace/ with their counts', async () => {
    const { vfs } = setup();
    await vfs.workspace.writeFile('notes.txt', 'hello');
    const listing = await vfs.list();
    expect(listing.path).toBe('/');
    expect(listing.entries.map((e) => [e.name, e.type])).toEqual([
      ['servers', 'directory'],
      ['skills', 'directory'],
      ['workspace', 'directory'],
    ]);
    expect(listing.text).toContain(`servers/`);
    expect(listing.text).toContain(`${catalogue.length} MCP servers (${total} functions)`);
    expect(listing.text).toMatch(/workspace\/ .*1 file, 5 B.*@runbyte\/fs/);
    expect(listing.entries[1]!.description).toContain('0 saved skills');
    expect(listing.entries[2]!.description).toContain('1 file');
  });
});

describe('listing /servers', () => {
  it('shows the two root files and every server with its count of functions', async () => {
    const { vfs } = setup();
    const listing = await vfs.list('/servers');
    expect(listing.path).toBe('/servers');
    expect(listing.entries.slice(0, 2)).toEqual([
      { name: 'index.ts', type: 'file', description: expect.any(String) },
      { name: '_runtime.ts', type: 'file', description: expect.any(String) },
    ]);
    expect(listing.entries.slice(2).map((e) => e.name)).toEqual(catalogue.map(([name]) => name));
    for (const [name, tools] of catalogue) {
      const entry = listing.entries.find((e) => e.name === name)!;
      expect(entry.type).toBe('directory');
      expect(entry.description).toBe(`${tools.length} function${tools.length === 1 ? '' : 's'}`);
      expect(listing.text).toMatch(new RegExp(`^${name}/ +${tools.length} functions?(\\n|$)`, 'm'));
    }
    expect(listing.text.split('\n')[0]).toBe(
      `/servers  ${catalogue.length} servers, ${total} functions. Search with list_directory query, or read /servers/<server>/index.ts for a server's signatures.`,
    );
  });

  it('shows an unavailable server with its reason and a connecting one with its status', async () => {
    const { vfs } = setup(createCatalog(catalogue.slice(0, 2), [broken, slow]));
    const listing = await vfs.list('/servers');
    expect(listing.entries.find((e) => e.name === 'broken')!.description).toBe(
      'unavailable: spawn my-server ENOENT: the command was not found (0 functions)',
    );
    expect(listing.entries.find((e) => e.name === 'slow')!.description).toBe('connecting (0 functions so far)');
    expect(listing.text).toMatch(
      /^broken\/ +unavailable: spawn my-server ENOENT: the command was not found \(0 functions\)\n/m,
    );
    expect(listing.text).toMatch(/^slow\/ +connecting/m);
  });

  it('adds every tool summary under its server with withDescriptions (within the listing budget)', async () => {
    const { vfs } = setup(createCatalog(catalogue.filter(([name]) => ['memory', 'slack', 'postgres'].includes(name))));
    const plain = await vfs.list('/servers');
    const described = await vfs.list('/servers', { withDescriptions: true });
    expect(described.entries).toEqual(plain.entries);
    expect(plain.text).not.toContain('createEntities.ts');
    expect(described.text).toMatch(/^  createEntities\.ts +Create multiple new entities in the knowledge graph\n/m);
    expect(described.text.split('\n').length).toBe(
      plain.text.split('\n').length + countOf('memory') + countOf('slack') + 1,
    );
  });

  it('leaves out, with a note, a server whose name cannot be a folder', async () => {
    const bad: CatalogServer = { name: 'a/b', status: 'ready', tools: [], toolsVersion: 1 };
    const { vfs } = setup(createCatalog(catalogue.slice(0, 1), [bad]));
    const listing = await vfs.list('/servers');
    expect(listing.entries.map((e) => e.name)).not.toContain('a/b');
    expect(listing.text).toContain('(server "a/b" is not shown');
  });
});

describe('listing /servers/<server>', () => {
  it('shows index.ts and one file per tool, with the import line', async () => {
    const { vfs } = setup();
    const listing = await vfs.list('/servers/memory');
    expect(listing.path).toBe('/servers/memory');
    expect(listing.entries[0]).toEqual({ name: 'index.ts', type: 'file', description: expect.any(String) });
    expect(listing.entries.length).toBe(1 + countOf('memory'));
    expect(listing.entries.map((e) => e.name)).toContain('readGraph.ts');
    expect(listing.entries.find((e) => e.name === 'readGraph.ts')).toEqual({ name: 'readGraph.ts', type: 'file' });
    expect(listing.text.split('\n')[0]).toBe(
      `/servers/memory  ${countOf('memory')} functions of MCP server "memory"; import * as memory from "./servers/memory"`,
    );
  });

  it('adds one-line summaries with withDescriptions', async () => {
    const { vfs } = setup();
    const listing = await vfs.list('/servers/memory', { withDescriptions: true });
    expect(listing.entries.find((e) => e.name === 'readGraph.ts')).toEqual({
      name: 'readGraph.ts',
      type: 'file',
      description: 'Read the entire knowledge graph',
    });
    expect(listing.text).toMatch(/^readGraph\.ts +Read the entire knowledge graph\n/m);
    for (const entry of listing.entries) expect(entry.description ?? '').not.toContain('\n');
  });

  it('says why an unavailable server has no functions', async () => {
    const { vfs } = setup(createCatalog([], [broken, slow]));
    const listing = await vfs.list('/servers/broken');
    expect(listing.entries).toEqual([{ name: 'index.ts', type: 'file', description: expect.any(String) }]);
    expect(listing.text).toContain('/servers/broken  unavailable: spawn my-server ENOENT: the command was not found');
    expect(listing.text).toContain('retrying');
    expect((await vfs.list('/servers/slow')).text).toContain(
      '/servers/slow  connecting\nIts functions appear here once it has connected.',
    );
  });

  it('keeps the functions of a server that went down, saying calls fail until it is back', async () => {
    const memory = catalogue.find(([n]) => n === 'memory')!;
    const down: CatalogServer = {
      name: 'memory',
      status: 'unavailable',
      error: 'the process exited with code 1',
      tools: memory[1],
      toolsVersion: 3,
    };
    const { vfs } = setup(createCatalog([], [down]));
    const listing = await vfs.list('/servers/memory');
    expect(listing.entries.length).toBe(1 + memory[1].length);
    expect(listing.text).toContain(
      '/servers/memory  unavailable: the process exited with code 1\nRunbyte keeps retrying in the background; calls to these functions fail until it is back.',
    );
    expect(await vfs.read('/servers/memory/readGraph.ts')).toContain('export declare function readGraph');
  });

  it('uses the identifiers of /servers/index.ts when server names collide', async () => {
    const tools = catalogue[0]![1];
    const { vfs } = setup(
      createCatalog([
        ['my-server', tools],
        ['my_server', tools],
      ]),
    );
    const ids = serverIdentifiers(['my-server', 'my_server']);
    const index = await vfs.read('/servers/index.ts');
    for (const [name, id] of ids) {
      expect(index).toContain(`export * as ${id} from "./${name}/index.js";`);
      expect((await vfs.list(`/servers/${name}`)).text).toContain(`import * as ${id} from`);
    }
    expect(new Set(ids.values()).size).toBe(2);
  });
});

describe('listing /workspace', () => {
  it('lists every file recursively with its size, and usage against the limit', async () => {
    const { vfs } = setup();
    await vfs.workspace.writeFile('b.txt', 'bb');
    await vfs.workspace.writeFile('data/2024/a.json', '{}');
    const listing = await vfs.list('/workspace');
    expect(listing.entries).toEqual([
      { name: 'b.txt', type: 'file', description: '2 B' },
      { name: 'data/2024/a.json', type: 'file', description: '2 B' },
    ]);
    expect(listing.text).toContain('/workspace  2 files, 4 B of 100 MiB');
    expect(listing.text).toContain('\ndata/2024/a.json  2 B');
  });

  it('lists a subfolder with names relative to it', async () => {
    const { vfs } = setup();
    await vfs.workspace.writeFile('data/2024/a.json', '{}');
    await vfs.workspace.writeFile('data/b.txt', 'x');
    const listing = await vfs.list('workspace/data/');
    expect(listing.path).toBe('/workspace/data');
    expect(listing.entries.map((e) => e.name)).toEqual(['2024/a.json', 'b.txt']);
  });

  it('shows an empty workspace as empty, with how to use it', async () => {
    const { vfs } = setup();
    const listing = await vfs.list('/workspace');
    expect(listing.entries).toEqual([]);
    expect(listing.text).toContain('(empty)');
    expect(listing.text).toContain("from '@runbyte/fs'");
  });
});

describe('listing speed', () => {
  it('lists a catalogue of 1,000 tools without generating any file', async () => {
    const tools = catalogue.flatMap(([, t]) => t);
    const big = Array.from({ length: 1000 }, (_, i) => ({
      ...tools[i % tools.length]!,
      name: `${tools[i % tools.length]!.name}_${i}`,
    }));
    const catalog = createCatalog([['big', big]]);
    const { vfs } = setup(catalog);
    const started = performance.now();
    const listing = await vfs.list('/servers/big', { withDescriptions: true });
    const elapsed = performance.now() - started;
    expect(listing.entries.length).toBe(1001);
    expect(catalog.generations('big')).toBe(0);
    // Generating would take seconds; a generous bound for a shared machine still tells the two apart.
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('createVfs', () => {
  it('uses the default workspace folder when given none, creating it only on first use', async () => {
    const base = tempDir();
    cleanups.push(base.cleanup);
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = base.dir;
    try {
      const vfs = createVfs({ catalog: createCatalog([]) });
      if (process.platform !== 'linux') return;
      expect(vfs.workspace.dir).toBe(join(base.dir, 'runbyte', 'workspace'));
      expect(existsSync(vfs.workspace.dir)).toBe(false);
      expect((await vfs.list('/workspace')).entries).toEqual([]);
      expect(existsSync(vfs.workspace.dir)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = saved;
    }
  });

  it('refuses a catalog without servers()', () => {
    expect(() => createVfs({ catalog: {} as unknown as TestCatalog })).toThrow(
      'EINVAL: createVfs needs a catalog with a servers() method (a hub satisfies it).',
    );
  });

  it('shares a workspace object it is given', async () => {
    const { vfs } = setup();
    const other = createVfs({ catalog: createCatalog([]), workspace: vfs.workspace });
    expect(other.workspace).toBe(vfs.workspace);
    await vfs.workspace.writeFile('shared.txt', 'x');
    expect(await other.read('/workspace/shared.txt')).toBe('x');
  });
});
