import { describe, expect, it } from 'vitest';
import {
  generateRootIndex,
  generateServer,
  RUNTIME_FILE,
  runtimeModuleSource,
  type GeneratedServer,
} from '../src/index.js';
import { loadCatalogue } from './support/catalogue.js';
import { typecheckTree } from './support/typecheck.js';

function tree(servers: GeneratedServer[]): Record<string, string> {
  const files: Record<string, string> = {
    [RUNTIME_FILE]: runtimeModuleSource(),
    'index.ts': generateRootIndex(servers.map((s) => s.server)),
  };
  for (const s of servers) for (const [name, source] of Object.entries(s.files)) files[`${s.server}/${name}`] = source;
  return files;
}

describe('the official servers catalogue', () => {
  const catalogue = loadCatalogue();

  it('has tool files to test', () => {
    expect(catalogue.length).toBeGreaterThan(5);
  });

  it('generates a tree in which every file passes tsc --strict, the same bytes every time', async () => {
    const first = await Promise.all(catalogue.map(([server, tools]) => generateServer(server, tools)));
    const second = await Promise.all(catalogue.map(([server, tools]) => generateServer(server, tools)));
    expect(second).toEqual(first);

    const files = tree(first);
    const toolCount = catalogue.reduce((n, [, tools]) => n + tools.length, 0);
    expect(Object.keys(files).length).toBe(2 + catalogue.length + toolCount);
    expect(typecheckTree(files)).toEqual([]);
  });
});
