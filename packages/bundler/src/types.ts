import type { Logger } from '@runbyte/utils';
import type { Diagnostic } from './errors.js';

/** Answers "what is at this path" for absolute, normalised paths (`@runbyte/vfs` provides one). */
export interface ModuleSource {
  read(path: string): Promise<string | undefined>;
}

export type { Logger } from '@runbyte/utils';

export interface BundlerOptions {
  /** Where the modules the agent imports by path are read from. */
  modules: ModuleSource;
  /** What the errors add about the module source's layout; without it they stay generic. */
  hints?: ImportHints;
  /** Bare specifier → TypeScript source of a built-in module, e.g. `{'@runbyte/fs': workspaceModuleSource()}`. */
  builtins?: Record<string, string>;
  /** How many compiled modules (by name and content) are kept. Default 1000. */
  cacheEntries?: number;
  /** Total size of the compiled modules kept, in bytes (approximate). Default 64 MiB. */
  cacheBytes?: number;
  logger?: Logger;
  /**
   * Folders (absolute, e.g. `/skills`) whose modules are written like the agent's file: a relative
   * import that names nothing beside the module is resolved again from the root, so a module there can
   * import `./servers/github` as well as a sibling `./other`. Default none.
   */
  rootRelativeDirs?: string[];
}

/**
 * Advice for the bundler's errors. The bundler does not know what the module source holds (servers,
 * skills, ...); whoever wires it does, and says it here.
 */
export interface ImportHints {
  /** Specifiers worth suggesting in an unresolved-import error, as the agent writes them. */
  importable?(): Promise<string[]>;
  /**
   * Why nothing is at this absolute module path, or undefined for the generic message;
   * `listImportable` adds what can be imported instead.
   */
  explain?(path: string): Promise<{ message: string; listImportable?: boolean } | undefined>;
  /** An import statement to show as an example, e.g. `import * as github from "./servers/github"`. */
  example?: string;
  /** What to use instead of Node.js modules, e.g. the workspace module. */
  instead?: string;
  /** Appended to the "no exec()" error: where the agent finds something to call. */
  discovery?: string;
}

export interface BundleOptions {
  /** Module name of the agent's file. Default `agent.ts`. */
  filename?: string;
}

export interface StandaloneOptions extends BundleOptions {
  /** `iife` (default): a classic script assigning the entry's exports to `globalName`; `esm`: one ES module. */
  format?: 'iife' | 'esm';
  /** Global the IIFE assigns the entry's exports to. Default `__runbyte`. */
  globalName?: string;
  /** Minify the output. Default false. */
  minify?: boolean;
}

/** One self-contained script and its source map. */
export interface StandaloneBundle {
  code: string;
  /** Source map JSON; `sources` are module names (`agent.ts`, `/servers/github/index.ts`). */
  map: string;
  /** Export of the entry that runs the code (call it once): `exec` or `__runbyte_exec`. */
  exportName: string;
  format: 'iife' | 'esm';
  /** For `iife`: the global holding the entry's exports. */
  globalName?: string;
}

/** A module graph ready for the sandbox (structurally a sandbox `RunInput`). */
export interface Bundle {
  /** Module name of the entry (the agent file). */
  entry: string;
  /** ES module JS by module name, each with a source map JSON whose `sources` is that name. */
  modules: Record<string, { code: string; map?: string }>;
  /** Importer module name → import specifier as written → module name. */
  links: Record<string, Record<string, string>>;
  /** Export of `entry` the sandbox calls exactly once. */
  exportName: string;
  /** Warnings. */
  diagnostics: Diagnostic[];
}

export interface BundlerStats {
  /** Compiled modules currently cached. */
  entries: number;
  capacity: number;
  /** Approximate size of the cached compilations, and its bound (`cacheBytes`). */
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  /**
   * The parser (@swc/wasm, one per process) keeps a source map of all code it ever saw: its WASM memory
   * (`parserMemoryBytes`) only grows, so past a bound it is replaced (`parserRecycles`, process-wide).
   */
  parserMemoryBytes: number;
  parserRecycles: number;
}

export interface Bundler {
  /** Agent TypeScript → module graph. Throws BundleError. */
  bundle(code: string, options?: BundleOptions): Promise<Bundle>;
  /**
   * Checks a module that is imported rather than run (no exec() needed): it must parse and everything it
   * imports must resolve, with the same BundleError (and text) bundle() gives. `filename` is its module
   * name, e.g. `/skills/triage.ts`, which its relative imports resolve from.
   */
  check(code: string, options: { filename: string }): Promise<void>;
  /** Agent TypeScript → one self-contained script (esbuild-wasm). Throws BundleError. */
  bundleStandalone(code: string, options?: StandaloneOptions): Promise<StandaloneBundle>;
  /** Cache counters, for tests and monitoring. */
  stats(): BundlerStats;
  /** Drops the cache and stops the esbuild service if this bundler started it. Idempotent. */
  dispose(): Promise<void>;
}
