// /servers: a snapshot of the catalogue, with each server's files generated on first read and cached
// until its tools change.
import {
  generateRootIndex,
  generateServer,
  invalidServerName,
  planServer,
  serverIdentifiers,
  type GeneratedServer,
  type LearnedResult,
  type Logger,
  type ServerPlan,
  type ToolDefinition,
} from '@runbyte/codegen';

/** One downstream server as the catalogue reports it; the hub's ServerState fits. */
export interface CatalogServer {
  name: string;
  status: 'connecting' | 'ready' | 'unavailable' | 'needs-login' | 'closed';
  /** Why it is unavailable, in words a user can act on. */
  error?: string;
  tools: readonly ToolDefinition[];
  /** Changes whenever the tool set changes; generated files are cached per version. */
  toolsVersion: number;
  /** Result types learned from calls (the hub's ServerState.learned); a new version regenerates the files. */
  learned?: { version: number; tools: Readonly<Record<string, LearnedResult>> };
}

/** Where the servers come from; `hub.servers()` satisfies it. Called on every list and read (keep it cheap). */
export interface ServerCatalog {
  servers(): readonly CatalogServer[];
}

export interface ServerView {
  state: CatalogServer;
  identifier: string;
  /** Changes when the generated files would change: tools version, learned types or identifier. */
  key: string;
}

export interface Snapshot {
  /** In catalogue order, only servers whose name can be a folder name. */
  servers: ServerView[];
  byName: Map<string, ServerView>;
  /** Servers left out because their name cannot be a folder name. */
  leftOut: Array<{ name: string; reason: string }>;
  rootIndex: string;
}

interface CacheEntry {
  key: string;
  plan?: ServerPlan;
  generated?: Promise<GeneratedServer>;
}

function toolsOf(state: CatalogServer): ToolDefinition[] {
  return Array.isArray(state.tools) ? (state.tools as ToolDefinition[]) : [];
}

export class ServerTree {
  private readonly cache = new Map<string, CacheEntry>();
  private rootIndexCache: { names: string; source: string } | undefined;

  constructor(
    private readonly catalog: ServerCatalog,
    private readonly logger: Logger | undefined,
  ) {}

  snapshot(): Snapshot {
    const states = this.catalog.servers();
    const usable: CatalogServer[] = [];
    const leftOut: Snapshot['leftOut'] = [];
    const seen = new Set<string>();
    for (const state of states) {
      if (seen.has(state.name)) continue;
      seen.add(state.name);
      const invalid = invalidServerName(state.name);
      if (invalid === undefined) usable.push(state);
      else
        leftOut.push({
          name: state.name,
          reason: `its name cannot be a folder under /servers (${invalid}); rename it in the configuration`,
        });
    }
    const ids = serverIdentifiers(usable.map((s) => s.name));
    const servers = usable.map((state) => {
      const identifier = ids.get(state.name)!;
      const learned = state.learned?.version ?? -1;
      return { state, identifier, key: `${state.toolsVersion}\u0000${learned}\u0000${identifier}` };
    });
    // Servers gone from the catalogue take their generated files with them.
    for (const name of this.cache.keys()) if (!seen.has(name)) this.cache.delete(name);
    const names = JSON.stringify(states.map((s) => s.name));
    if (this.rootIndexCache?.names !== names) {
      this.rootIndexCache = { names, source: generateRootIndex(states.map((s) => s.name)) };
    }
    return {
      servers,
      byName: new Map(servers.map((s) => [s.state.name, s])),
      leftOut,
      rootIndex: this.rootIndexCache.source,
    };
  }

  private entry(view: ServerView): CacheEntry {
    let entry = this.cache.get(view.state.name);
    if (entry?.key !== view.key) {
      entry = { key: view.key };
      this.cache.set(view.state.name, entry);
    }
    return entry;
  }

  /** Identifiers, file names and summaries, without converting a schema. */
  plan(view: ServerView): ServerPlan {
    const entry = this.entry(view);
    entry.plan ??= planServer(view.state.name, toolsOf(view.state), {
      identifier: view.identifier,
      ...(this.logger ? { logger: this.logger } : {}),
    });
    return entry.plan;
  }

  /** The server's files; generated once per tools version, shared by concurrent readers. */
  generated(view: ServerView): Promise<GeneratedServer> {
    const entry = this.entry(view);
    if (entry.generated) return entry.generated;
    const started = performance.now();
    const tools = toolsOf(view.state);
    const promise = generateServer(view.state.name, tools, {
      identifier: view.identifier,
      ...(this.logger ? { logger: this.logger } : {}),
      ...(view.state.learned ? { learnedResults: view.state.learned.tools } : {}),
    });
    entry.generated = promise;
    promise.then(
      (server) =>
        this.logger?.debug('generated server files', {
          server: view.state.name,
          tools: server.tools.length,
          ms: Math.round(performance.now() - started),
        }),
      () => {
        // A failed generation must not stick: the next read tries again.
        if (this.cache.get(view.state.name) === entry) this.cache.delete(view.state.name);
      },
    );
    return promise;
  }

  invalidate(server?: string): void {
    if (server === undefined) this.cache.clear();
    else this.cache.delete(server);
  }
}
