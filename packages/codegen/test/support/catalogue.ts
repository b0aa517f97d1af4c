import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolDefinition } from '../../src/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const CATALOGUE_DIR = resolve(repoRoot, '..', 'shared', 'catalogue');

/** Every catalogue file as [server name, tools], sorted by file name. */
export function loadCatalogue(): Array<[string, ToolDefinition[]]> {
  return readdirSync(CATALOGUE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const data = JSON.parse(readFileSync(join(CATALOGUE_DIR, f), 'utf8')) as unknown;
      const tools = Array.isArray(data) ? data : (data as { tools: ToolDefinition[] }).tools;
      return [f.replace(/\.json$/, ''), tools as ToolDefinition[]];
    });
}
