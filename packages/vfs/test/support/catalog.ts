// A catalogue built from the official servers' real tool definitions. A plain object with servers() is
// the whole interface the vfs uses (the hub is one), so this is the real thing, not a mock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueDir, loadCatalogue as loadRecorded } from '@runbyte/test-support';
import type { CatalogServer, ServerCatalog, ToolDefinition } from '../../src/index.js';

export const CATALOGUE_DIR = catalogueDir();

/** Every catalogue file as [server name, tools], sorted by file name. */
export function loadCatalogue(): Array<[string, ToolDefinition[]]> {
  return loadRecorded() as Array<[string, ToolDefinition[]]>;
}

export interface TestCatalog extends ServerCatalog {
  states: CatalogServer[];
  /** How many times a server's tool schemas were converted (each generation reads every inputSchema once). */
  generations(server: string): number;
  /** Replaces a server's tools and bumps its toolsVersion, as the hub does on tools/list_changed. */
  setTools(server: string, tools: ToolDefinition[]): void;
  /** Number of servers() calls. */
  snapshots: number;
}

/**
 * The catalogue as a ServerCatalog. Each tool's `inputSchema` is a getter that counts reads: listing
 * (planServer) never converts schemas, generation reads every one, so the count of reads of a
 * server's first tool is the number of times that server was generated.
 */
export function createCatalog(
  servers: Array<[string, ToolDefinition[]]> = loadCatalogue(),
  extra: CatalogServer[] = [],
): TestCatalog {
  const reads = new Map<string, number>();
  const counted = (server: string, tools: ToolDefinition[]): ToolDefinition[] =>
    tools.map((tool, index) => {
      const { inputSchema, ...rest } = tool;
      const copy = { ...rest } as ToolDefinition;
      Object.defineProperty(copy, 'inputSchema', {
        enumerable: true,
        get() {
          if (index === 0) reads.set(server, (reads.get(server) ?? 0) + 1);
          return inputSchema;
        },
      });
      return copy;
    });
  const states: CatalogServer[] = [
    ...servers.map(([name, tools]): CatalogServer => ({
      name,
      status: 'ready',
      tools: counted(name, tools),
      toolsVersion: 1,
    })),
    ...extra,
  ];
  const catalog: TestCatalog = {
    states,
    snapshots: 0,
    servers() {
      catalog.snapshots++;
      return states.map((s) => ({ ...s }));
    },
    generations: (server) => reads.get(server) ?? 0,
    setTools(server, tools) {
      const state = states.find((s) => s.name === server);
      if (!state) throw new Error(`no server ${server}`);
      state.tools = counted(server, tools);
      state.toolsVersion++;
    },
  };
  return catalog;
}

/** A fresh temp folder, and a function that removes it. */
export function tempDir(prefix = 'runbyte-vfs-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The rejection of a promise, which must reject. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; path?: string; limit?: number; usage?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}
