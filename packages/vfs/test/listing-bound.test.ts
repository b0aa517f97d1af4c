import { describe, expect, it } from 'vitest';
import { countTokens } from '@runbyte/test-support';
import { createVfs, type CatalogServer } from '../src/index.js';
import { createCatalog, loadCatalogue, tempDir } from './support/catalog.js';

const catalogue = loadCatalogue();
const BUDGET_TOKENS = 1_500;

/** The catalogue 100 times over (1,100 servers), as the bench's 100× case. */
function scaled(times: number): Array<[string, (typeof catalogue)[number][1]]> {
  const out: Array<[string, (typeof catalogue)[number][1]]> = [];
  for (let i = 0; i < times; i++)
    for (const [name, tools] of catalogue) out.push([i === 0 ? name : `${name}-${i}`, tools]);
  return out;
}

function vfsOf(servers: Array<[string, (typeof catalogue)[number][1]]>, extra: CatalogServer[] = []) {
  return createVfs({ catalog: createCatalog(servers, extra), workspace: { dir: tempDir().dir } });
}

describe('bounded listings', () => {
  it('lists the catalogue as one short line per server, without tree characters', async () => {
    const { text } = await vfsOf(catalogue).list('/servers');
    expect(text).toMatch(/^github\/ +26 functions$/m);
    expect(text).not.toMatch(/[├└│]/);
    expect(text.split('\n')).toHaveLength(1 + 2 + catalogue.length);
  });

  it('stays within ~1,500 tokens at 1,100 servers, says how many more and points to query', async () => {
    const { text, entries } = await vfsOf(scaled(100)).list('/servers');
    expect(entries).toHaveLength(2 + 1_100);
    expect(countTokens(text)).toBeLessThanOrEqual(BUDGET_TOKENS);
    const last = text.split('\n').at(-1)!;
    expect(last).toMatch(/^… and \d+ more servers; use list_directory with a query/);
    const shown = text.split('\n').filter((l) => / functions?$/.test(l)).length;
    expect(Number(/and (\d+) more/.exec(last)![1]) + shown).toBe(1_100);
  });

  it('holds the same bound with descriptions, for /servers and for one big server', async () => {
    const big: CatalogServer = {
      name: 'big',
      status: 'ready',
      tools: Array.from({ length: 1_000 }, (_, i) => ({
        name: `tool_${i}`,
        description: `Does thing number ${i} with some words of description.`,
        inputSchema: { type: 'object' },
      })),
      toolsVersion: 1,
    };
    const vfs = vfsOf(scaled(10), [big]);
    for (const path of ['/servers', '/servers/big']) {
      const { text } = await vfs.list(path, { withDescriptions: true });
      expect(countTokens(text), path).toBeLessThanOrEqual(BUDGET_TOKENS);
      expect(text.split('\n').at(-1), path).toMatch(/^… and \d+ more .*query/);
    }
  });

  it('marks unavailable servers in the compact listing', async () => {
    const down: CatalogServer = {
      name: 'down',
      status: 'unavailable',
      error: 'spawn x ENOENT',
      tools: [],
      toolsVersion: 0,
    };
    const { text } = await vfsOf(catalogue.slice(0, 2), [down]).list('/servers');
    expect(text).toMatch(/^down\/ +unavailable: spawn x ENOENT \(0 functions\)$/m);
  });
});
