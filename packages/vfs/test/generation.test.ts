import { afterEach, describe, expect, it } from 'vitest';
import {
  generateRootIndex,
  generateServer,
  RUNTIME_FILE,
  runtimeModuleSource,
  serverIdentifiers,
} from '@runbyte/codegen';
import { createVfs, type Logger } from '../src/index.js';
import { createCatalog, loadCatalogue, tempDir, type TestCatalog } from './support/catalog.js';
import { typecheckFiles } from './support/typecheck.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function setup(catalog: TestCatalog = createCatalog(), logger?: Logger) {
  const ws = tempDir();
  cleanups.push(ws.cleanup);
  return { catalog, vfs: createVfs({ catalog, workspace: { dir: ws.dir }, ...(logger ? { logger } : {}) }) };
}

const catalogue = loadCatalogue();

describe('lazy generation', () => {
  it('generates nothing to list, and only the server that is read', async () => {
    const { vfs, catalog } = setup();
    await vfs.list('/');
    await vfs.list('/servers', { withDescriptions: true });
    await vfs.list('/servers/github', { withDescriptions: true });
    for (const [name] of catalogue) expect(catalog.generations(name)).toBe(0);

    await vfs.read('/servers/github/createIssue.ts');
    expect(catalog.generations('github')).toBe(1);
    for (const [name] of catalogue) if (name !== 'github') expect(catalog.generations(name)).toBe(0);
  });

  it('serves every file of a server from one generation until its tools change', async () => {
    const { vfs, catalog } = setup();
    const listing = await vfs.list('/servers/memory');
    for (const entry of listing.entries) await vfs.read(`/servers/memory/${entry.name}`);
    await vfs.read('/servers/memory/readGraph.ts');
    await vfs.modules.read('/servers/memory/index.ts');
    await vfs.list('/servers/memory');
    expect(catalog.generations('memory')).toBe(1);
  });

  it('regenerates after the server toolsVersion changes, with the new tools', async () => {
    const { vfs, catalog } = setup();
    const before = await vfs.read('/servers/memory/index.ts');
    const tools = catalogue.find(([n]) => n === 'memory')![1];
    catalog.setTools('memory', [
      ...tools,
      { name: 'brand_new', description: 'Added at runtime.', inputSchema: { type: 'object' } },
    ]);

    const after = await vfs.read('/servers/memory/index.ts');
    expect(catalog.generations('memory')).toBe(2);
    expect(before).not.toContain('brandNew');
    expect(after).toContain('brandNew');
    expect(await vfs.read('/servers/memory/brandNew.ts')).toContain('export declare function brandNew');
    expect(await vfs.modules.read('/servers/memory/brandNew.ts')).toContain('"brand_new"');
    expect((await vfs.list('/servers/memory')).entries.map((e) => e.name)).toContain('brandNew.ts');
    await vfs.read('/servers/memory/brandNew.ts');
    expect(catalog.generations('memory')).toBe(2);
  });

  it('regenerates after invalidate(server) and only that server; invalidate() drops all', async () => {
    const { vfs, catalog } = setup();
    await vfs.read('/servers/memory/readGraph.ts');
    await vfs.read('/servers/slack/index.ts');
    vfs.invalidate('memory');
    await vfs.read('/servers/memory/readGraph.ts');
    await vfs.read('/servers/slack/index.ts');
    expect(catalog.generations('memory')).toBe(2);
    expect(catalog.generations('slack')).toBe(1);

    vfs.invalidate();
    await vfs.read('/servers/memory/readGraph.ts');
    await vfs.read('/servers/slack/index.ts');
    expect(catalog.generations('memory')).toBe(3);
    expect(catalog.generations('slack')).toBe(2);
    vfs.invalidate('no-such-server');
  });

  it('shares one generation among concurrent reads of the same server', async () => {
    const { vfs, catalog } = setup();
    const files = (await vfs.list('/servers/github')).entries.map((e) => `/servers/github/${e.name}`);
    const sources = await Promise.all([...files.map((f) => vfs.read(f)), ...files.map((f) => vfs.modules.read(f))]);
    expect(catalog.generations('github')).toBe(1);
    expect(sources.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
  });

  it('tells the logger when it generates, and stays silent otherwise', async () => {
    const messages: Array<[string, object | undefined]> = [];
    const logger: Logger = {
      debug: (msg, data) => messages.push([msg, data]),
      info: (msg, data) => messages.push([msg, data]),
      warn: (msg, data) => messages.push([msg, data]),
      error: (msg, data) => messages.push([msg, data]),
    };
    const { vfs } = setup(createCatalog(), logger);
    await vfs.read('/servers/memory/readGraph.ts');
    await vfs.read('/servers/memory/index.ts');
    expect(messages.filter(([m]) => m === 'generated server files')).toEqual([
      ['generated server files', expect.objectContaining({ server: 'memory', tools: 9 })],
    ]);
  });
});

describe('the generated tree', () => {
  it('is exactly what @runbyte/codegen generates, with the identifiers of /servers/index.ts', async () => {
    const { vfs } = setup();
    const ids = serverIdentifiers(catalogue.map(([n]) => n));
    expect(await vfs.read('/servers/index.ts')).toBe(generateRootIndex(catalogue.map(([n]) => n)));
    expect(await vfs.read(`/servers/${RUNTIME_FILE}`)).toBe(runtimeModuleSource());
    for (const [name, tools] of catalogue) {
      const expected = await generateServer(name, tools, { identifier: ids.get(name)! });
      for (const [file, source] of Object.entries(expected.files)) {
        expect(await vfs.modules.read(`/servers/${name}/${file}`)).toBe(source);
        expect(await vfs.read(`/servers/${name}/${file}`)).toBe(expected.views[file]);
      }
    }
  });

  it('type-checks as a whole when read back through modules.read', async () => {
    const { vfs } = setup();
    const files: Record<string, string> = {};
    const root = ['/servers/index.ts', `/servers/${RUNTIME_FILE}`];
    for (const path of root) files[path.slice(1)] = (await vfs.modules.read(path))!;
    for (const [name] of catalogue) {
      for (const entry of (await vfs.list(`/servers/${name}`)).entries) {
        const path = `/servers/${name}/${entry.name}`;
        files[path.slice(1)] = (await vfs.modules.read(path))!;
      }
    }
    files['agent.ts'] =
      `import * as servers from './servers/index.js';\nexport async function exec(): Promise<unknown> { return servers.memory.readGraph(); }\n`;
    expect(typecheckFiles(files)).toEqual([]);
  }, 60_000);
});

describe('servers that come and go', () => {
  it('regenerates a server that was removed and added back, and a read after invalidate during generation', async () => {
    const { vfs, catalog } = setup(createCatalog(loadCatalogue().filter(([n]) => n === 'memory' || n === 'slack')));
    const first = vfs.read('/servers/memory/index.ts');
    vfs.invalidate('memory');
    await Promise.all([first, vfs.read('/servers/memory/index.ts')]);
    expect(catalog.generations('memory')).toBe(2);

    const slack = catalog.states.splice(1, 1)[0]!;
    expect((await vfs.list('/servers')).entries.map((e) => e.name)).toEqual(['index.ts', '_runtime.ts', 'memory']);
    expect(await vfs.read('/servers/index.ts')).not.toContain('slack');
    expect(await vfs.modules.read('/servers/slack/index.ts')).toBeUndefined();
    catalog.states.push(slack);
    expect(await vfs.read('/servers/index.ts')).toContain('export * as slack from "./slack/index.js";');
    await vfs.read('/servers/slack/index.ts');
    expect(catalog.generations('slack')).toBe(1);
  });
});
