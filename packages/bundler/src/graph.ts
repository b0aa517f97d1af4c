import { compileLibrary, type CompiledEntry, type CompiledModule } from './compile.js';
import { pruneServersIndex } from './prune-servers.js';
import { BundleError, type Diagnostic } from './errors.js';
import { codeFrame } from './location.js';
import type { Lru } from './lru.js';
import { classify, directoryOf, type Target } from './resolve.js';
import { closest, listNames } from './suggest.js';
import type { ImportHints, Logger, ModuleSource } from './types.js';

type Cached = CompiledModule | BundleError;

export interface GraphContext {
  modules: ModuleSource;
  builtins: ReadonlyMap<string, string>;
  cache: Lru<string, Cached>;
  hints: ImportHints;
  /** See BundlerOptions.rootRelativeDirs (without trailing slashes). */
  rootRelativeDirs: readonly string[];
  logger?: Logger;
}

/** The modules reachable from the entry, compiled and linked. */
export interface Graph {
  modules: Map<string, CompiledModule>;
  links: Record<string, Record<string, string>>;
}

interface ExportTarget {
  typeOnly: boolean;
  /** Module name whose namespace this export is. */
  namespace?: string;
}

/**
 * Loads, compiles (cached by name and content) and links every module reachable from the entry;
 * throws BundleError for unresolved imports, syntax errors in libraries and missing exports.
 */
export async function buildGraph(entry: CompiledEntry, ctx: GraphContext): Promise<Graph> {
  const reads = new Map<string, Promise<string | undefined>>();
  const read = (path: string): Promise<string | undefined> => {
    let pending = reads.get(path);
    if (!pending) {
      pending = ctx.modules.read(path).then(
        (text) => (typeof text === 'string' ? text : undefined),
        (error: unknown) => {
          ctx.logger?.debug('module source failed to read a path; treating it as missing', {
            path,
            error: String(error),
          });
          return undefined;
        },
      );
      reads.set(path, pending);
    }
    return pending;
  };

  const modules = new Map<string, CompiledModule>([[entry.name, entry]]);
  const links: Record<string, Record<string, string>> = {};
  const problems: Diagnostic[] = [];
  let problemCode: 'UNRESOLVED_IMPORT' | 'SYNTAX' = 'UNRESOLVED_IMPORT';

  const locate = (mod: CompiledModule, index: number, message: string): Diagnostic => {
    const pos = mod.source.positionOfIndex(index);
    return { message, file: mod.name, line: pos.line, column: pos.column, frame: codeFrame(mod.source.text, pos) };
  };

  const builtinNames = new Set(ctx.builtins.keys());
  const resolve = async (importer: string, specifier: string): Promise<{ name: string } | { target: Target }> => {
    const dir = directoryOf(importer);
    const target = classify(specifier, dir, builtinNames);
    if (target.kind === 'builtin') return { name: target.name };
    if (target.kind === 'file') {
      for (const candidate of target.candidates) if ((await read(candidate)) !== undefined) return { name: candidate };
      if (ctx.rootRelativeDirs.includes(dir) && specifier.startsWith('./')) {
        const fromRoot = classify(specifier, '/', builtinNames);
        if (fromRoot.kind === 'file') {
          for (const candidate of fromRoot.candidates)
            if ((await read(candidate)) !== undefined) return { name: candidate };
          if (fromRoot.candidates[0]!.startsWith('/servers/')) return { target: fromRoot };
        }
      }
    }
    return { target };
  };

  const load = async (name: string): Promise<CompiledModule | undefined> => {
    const source = ctx.builtins.get(name) ?? (await read(name));
    if (source === undefined) return undefined;
    const key = `${name}\0${source}`;
    let compiled = ctx.cache.get(key);
    if (!compiled) {
      try {
        compiled = compileLibrary(name, source);
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        compiled = error;
      }
      ctx.cache.set(key, compiled);
    }
    if (compiled instanceof BundleError) {
      problemCode = 'SYNTAX';
      problems.push(...compiled.diagnostics);
      return undefined;
    }
    return compiled;
  };

  let frontier: CompiledModule[] = [entry];
  const seen = new Set<string>([entry.name]);
  while (frontier.length > 0) {
    const next: string[] = [];
    await Promise.all(
      frontier.map(async (mod) => {
        const own: Record<string, string> = {};
        const specifiers = new Map<string, number>();
        for (const imp of mod.analysis.imports)
          if (!imp.typeOnly && !specifiers.has(imp.specifier)) specifiers.set(imp.specifier, imp.index);
        for (const [specifier, index] of specifiers) {
          const resolved = await resolve(mod.name, specifier);
          if ('name' in resolved) {
            own[specifier] = resolved.name;
            if (!seen.has(resolved.name)) {
              seen.add(resolved.name);
              next.push(resolved.name);
            }
          } else {
            problems.push(locate(mod, index, await unresolvedMessage(specifier, resolved.target, ctx)));
          }
        }
        if (Object.keys(own).length > 0) links[mod.name] = own;
      }),
    );
    const loaded = await Promise.all(next.map(load));
    frontier = [];
    for (const mod of loaded) {
      if (!mod) continue;
      modules.set(mod.name, mod);
      frontier.push(mod);
    }
  }
  if (problems.length > 0) throw new BundleError(problemCode, problems);

  checkExports(entry, { modules, links }, locate);
  const graph = { modules, links };
  pruneServersIndex(entry, graph);
  return graph;
}

function checkExports(
  entry: CompiledEntry,
  graph: Graph,
  locate: (mod: CompiledModule, index: number, message: string) => Diagnostic,
): void {
  const memo = new Map<string, Map<string, ExportTarget>>();
  const exportsOf = (name: string, visiting = new Set<string>()): Map<string, ExportTarget> => {
    const done = memo.get(name);
    if (done) return done;
    const result = new Map<string, ExportTarget>();
    const mod = graph.modules.get(name);
    if (!mod || visiting.has(name)) return result;
    visiting.add(name);
    const own = graph.links[name] ?? {};
    for (const star of mod.analysis.exports.stars) {
      const target = own[star];
      if (!target) continue;
      for (const [k, v] of exportsOf(target, visiting)) if (k !== 'default' && !result.has(k)) result.set(k, v);
    }
    for (const [k, e] of mod.analysis.exports.names) {
      const namespace = e.namespaceOf ? own[e.namespaceOf] : undefined;
      result.set(k, { typeOnly: e.typeOnly, ...(namespace ? { namespace } : {}) });
    }
    visiting.delete(name);
    memo.set(name, result);
    return result;
  };

  const problems: Diagnostic[] = [];
  const entryLinks = graph.links[entry.name] ?? {};
  // Local name → module whose namespace it is (namespace imports, or imported `export * as x`).
  const namespaces = new Map<string, { module: string; label: string }>();
  for (const b of entry.analysis.bindings) {
    if (b.typeOnly) continue;
    const target = entryLinks[b.specifier];
    if (!target || !graph.modules.has(target)) continue;
    if (b.imported === '*') {
      namespaces.set(b.local, { module: target, label: b.local });
      continue;
    }
    const exports = exportsOf(target);
    const found = exports.get(b.imported);
    if (!found) {
      let message = missingMessage(`"${b.specifier}"`, b.imported, exports);
      if (b.imported === 'default') {
        message += ` Import the module as a namespace instead: import * as ${b.local} from "${b.specifier}";`;
      }
      problems.push(locate(entry, b.index, message));
    } else if (found.namespace) {
      namespaces.set(b.local, { module: found.namespace, label: b.local });
    }
  }
  for (const chain of entry.analysis.chains) {
    // Without scope analysis, a name the code also binds itself may not be the namespace here.
    if (entry.analysis.locals.has(chain.root)) continue;
    let ns = namespaces.get(chain.root);
    if (!ns) continue;
    let path = chain.root;
    for (const prop of chain.props) {
      const exports = exportsOf(ns.module);
      const found = exports.get(prop.name);
      if (!found) {
        problems.push(locate(entry, prop.index, missingMessage(`${path} (${ns.module})`, prop.name, exports)));
        break;
      }
      if (!found.namespace) break;
      path = `${path}.${prop.name}`;
      ns = { module: found.namespace, label: path };
    }
  }
  if (problems.length > 0) throw new BundleError('MISSING_EXPORT', problems);
}

function missingMessage(where: string, name: string, exports: Map<string, ExportTarget>): string {
  const values = [...exports].filter(([, e]) => !e.typeOnly).map(([k]) => k);
  const near = closest(name, values);
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
  const available = values.length > 0 ? ` It exports ${listNames(values.sort(), 20)}.` : ' It exports no values.';
  return `${where} has no export "${name}".${hint}${available}`;
}

async function unresolvedMessage(specifier: string, target: Target, ctx: GraphContext): Promise<string> {
  const importable = [...((await ctx.hints.importable?.()) ?? []), ...[...ctx.builtins.keys()].map((b) => `"${b}"`)];
  const canImport = importable.length > 0 ? ` You can import: ${importable.join(', ')}.` : '';
  const instead = ctx.hints.instead ? ` ${ctx.hints.instead}` : '';
  const head = `Cannot import "${specifier}":`;
  switch (target.kind) {
    case 'node':
      return `${head} Node.js modules are not available in the sandbox.${instead}${canImport}`;
    case 'url':
      return `${head} URLs cannot be imported; the sandbox has no network access except through the server tools.${canImport}`;
    case 'package':
      return `${head} npm packages are not available in the sandbox; only the generated server libraries and built-in modules are.${canImport}`;
    case 'outside':
      return `${head} the path leaves the virtual filesystem.${canImport}`;
    case 'builtin':
      return `${head} the module could not be loaded.${canImport}`;
    case 'file': {
      const path = target.candidates[0]!;
      const explained = await ctx.hints.explain?.(path);
      if (explained !== undefined) return `${head} ${explained.message}${explained.listImportable ? canImport : ''}`;
      return `${head} no such module ${path}. Only the generated server libraries and the built-in modules can be imported.${canImport}`;
    }
  }
}
