// The catalogue: real `tools/list` answers of official MCP servers, recorded into this repository
// (`pnpm catalogue:record`) so that every test and the bench run from a plain clone.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One tool of a `tools/list` answer, as the server sent it. */
export interface CatalogueTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { [key: string]: unknown };
  outputSchema?: { [key: string]: unknown };
  annotations?: { [key: string]: unknown };
  [key: string]: unknown;
}

/** The folder of this package's recorded catalogue. */
export const RECORDED_CATALOGUE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'catalogue');

/** `RUNBYTE_CATALOGUE_DIR` when set, else the catalogue recorded in this repository. */
export function catalogueDir(): string {
  const fromEnv = process.env['RUNBYTE_CATALOGUE_DIR'];
  return fromEnv ? resolve(fromEnv) : RECORDED_CATALOGUE_DIR;
}

/** The catalogue's server names (file names without `.json`), sorted. */
export function catalogueServers(dir = catalogueDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** One server's tools. A file holds either the tools array or a whole `tools/list` result. */
export function loadTools(server: string, dir = catalogueDir()): CatalogueTool[] {
  const data = JSON.parse(readFileSync(join(dir, `${server}.json`), 'utf8')) as unknown;
  const tools = Array.isArray(data) ? data : (data as { tools?: unknown }).tools;
  if (!Array.isArray(tools)) throw new Error(`${join(dir, `${server}.json`)} holds no tools array.`);
  return tools as CatalogueTool[];
}

/** Every catalogue server as [name, tools], sorted by name. */
export function loadCatalogue(dir = catalogueDir()): Array<[string, CatalogueTool[]]> {
  return catalogueServers(dir).map((server) => [server, loadTools(server, dir)]);
}
