import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueDir as recordedCatalogueDir } from '@runbyte/test-support/catalogue';

/** One recorded tool definition, exactly as the official server answered tools/list. */
export interface RecordedTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CatalogueServer {
  /** Name used as the Runbyte server name (folder under /servers): `github`, `github-2`, ... */
  name: string;
  /** Catalogue file it replays (`github` for github.json). */
  catalogue: string;
  tools: RecordedTool[];
}

export class BenchError extends Error {
  override readonly name = 'BenchError';
  constructor(
    readonly code: 'CATALOGUE_NOT_FOUND' | 'UNKNOWN_CATALOGUE',
    message: string,
  ) {
    super(message);
  }
}

/** The catalogue recorded in this repository (@runbyte/test-support); RUNBYTE_CATALOGUE_DIR overrides.
 * Its own subpath: the package index loads TypeScript and the tokenizer (about 130 MiB), which every
 * replay server and every memory child would otherwise carry. */
export function catalogueDir(): string {
  const dir = recordedCatalogueDir();
  if (!existsSync(dir)) {
    throw new BenchError(
      'CATALOGUE_NOT_FOUND',
      `The tool catalogue folder ${dir} does not exist: unset RUNBYTE_CATALOGUE_DIR or point it at a folder of tools/list answers.`,
    );
  }
  return dir;
}

export function catalogueNames(dir = catalogueDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function readCatalogue(name: string, dir = catalogueDir()): RecordedTool[] {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) {
    throw new BenchError(
      'UNKNOWN_CATALOGUE',
      `No catalogue named "${name}"; known: ${catalogueNames(dir).join(', ')}.`,
    );
  }
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const tools = Array.isArray(data) ? data : (data as { tools?: unknown }).tools;
  if (!Array.isArray(tools))
    throw new BenchError('UNKNOWN_CATALOGUE', `Catalogue "${name}" is not a tools/list answer.`);
  return tools as RecordedTool[];
}

/** The catalogue `copies` times: copy 1 keeps the plain name, copy k is `<name>-k` ("dozens of servers"). */
export function catalogueServers(copies = 1, dir = catalogueDir()): CatalogueServer[] {
  const base = catalogueNames(dir).map((catalogue) => ({ catalogue, tools: readCatalogue(catalogue, dir) }));
  const out: CatalogueServer[] = [];
  for (let k = 1; k <= copies; k++) {
    for (const { catalogue, tools } of base) {
      out.push({ name: k === 1 ? catalogue : `${catalogue}-${k}`, catalogue, tools });
    }
  }
  return out;
}
