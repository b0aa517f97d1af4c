import { compileEntry, type CompiledEntry, type CompiledModule } from './compile.js';
import { BundleError } from './errors.js';
import { buildGraph, type GraphContext } from './graph.js';
import { Lru } from './lru.js';
import { swcStats } from './swc.js';
import { buildStandalone, holdEsbuild, releaseEsbuild } from './standalone.js';
import type { Bundle, BundleOptions, Bundler, BundlerOptions, StandaloneBundle, StandaloneOptions } from './types.js';

const DEFAULT_CACHE_ENTRIES = 1000;
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Approximate memory of a cached compilation: its strings (UTF-16, two bytes a character). */
function cachedSize(value: CompiledModule | CompiledEntry | BundleError): number {
  if (value instanceof BundleError) return 2 * value.message.length + 1024;
  let chars = value.code.length + value.map.length + value.source.text.length;
  if ('compiledSource' in value) chars += value.compiledSource.length;
  return 2 * chars + 1024;
}
const DEFAULT_FILENAME = 'agent.ts';

/**
 * Creates a bundler over a module source. The hot path is swc only: the agent's file is stripped to
 * an ES module, generated modules are compiled once per content (bounded LRU), and the sandbox links
 * the modules with its own loader. esbuild-wasm is started only for `bundleStandalone`.
 */
export function createBundler(options: BundlerOptions): Bundler {
  if (!options || typeof options.modules?.read !== 'function') {
    throw new TypeError(
      'createBundler needs options.modules: an object with read(path) → Promise<string | undefined>.',
    );
  }
  const builtins = new Map(Object.entries(options.builtins ?? {}));
  const capacity = Math.max(0, Math.floor(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES));
  const maxBytes = Math.max(0, options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  const cache = new Lru<string, CompiledModule | CompiledEntry | BundleError>(capacity, maxBytes, cachedSize);
  const ctx: GraphContext = {
    modules: options.modules,
    builtins,
    cache,
    hints: options.hints ?? {},
    rootRelativeDirs: (options.rootRelativeDirs ?? []).map((dir) => dir.replace(/\/+$/, '')),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  let disposed = false;
  let usedEsbuild = false;

  const entryOf = (code: string, filename: string): CompiledEntry => {
    if (disposed) throw new BundleError('DISPOSED', [], 'This bundler was disposed; create a new one.');
    if (typeof code !== 'string') throw new TypeError('bundle(code): code must be a string of TypeScript.');
    const key = `entry\0${filename}\0${code}`;
    let compiled = cache.get(key);
    if (!compiled) {
      try {
        compiled = compileEntry(filename, code, options.hints);
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        compiled = error;
      }
      cache.set(key, compiled);
    }
    if (compiled instanceof BundleError) throw compiled;
    const entry = compiled as CompiledEntry;
    if (entry.dynamicImports.length > 0) throw new BundleError('DYNAMIC_IMPORT', entry.dynamicImports);
    if (entry.requires.length > 0) throw new BundleError('UNRESOLVED_IMPORT', entry.requires);
    return entry;
  };

  const check = async (code: string, filename: string) => {
    const entry = entryOf(code, filename);
    const graph = await buildGraph(entry, ctx);
    if (entry.noExec) throw new BundleError('NO_EXEC', [entry.noExec]);
    return { entry, graph };
  };

  return {
    async bundle(code: string, bundleOptions?: BundleOptions): Promise<Bundle> {
      const filename = bundleOptions?.filename ?? DEFAULT_FILENAME;
      const { entry, graph } = await check(code, filename);
      const modules: Bundle['modules'] = {};
      for (const [name, mod] of graph.modules) modules[name] = { code: mod.code, map: mod.map };
      return {
        entry: filename,
        modules,
        links: graph.links,
        exportName: entry.exportName,
        diagnostics: [...entry.warnings],
      };
    },

    async check(code: string, checkOptions: { filename: string }): Promise<void> {
      const filename = checkOptions?.filename;
      if (typeof filename !== 'string' || filename === '') {
        throw new TypeError('check(code, { filename }): filename must name the module, e.g. "/skills/triage.ts".');
      }
      await buildGraph(entryOf(code, filename), ctx);
    },

    async bundleStandalone(code: string, standaloneOptions?: StandaloneOptions): Promise<StandaloneBundle> {
      const filename = standaloneOptions?.filename ?? DEFAULT_FILENAME;
      const { entry, graph } = await check(code, filename);
      if (!usedEsbuild) {
        usedEsbuild = true;
        holdEsbuild();
      }
      return buildStandalone(entry, graph, standaloneOptions ?? {});
    },

    stats() {
      return {
        entries: cache.size,
        capacity,
        bytes: cache.bytes,
        maxBytes,
        hits: cache.hits,
        misses: cache.misses,
        parserMemoryBytes: swcStats().memoryBytes,
        parserRecycles: swcStats().recycles,
      };
    },

    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      cache.clear();
      if (usedEsbuild) await releaseEsbuild();
    },
  };
}
