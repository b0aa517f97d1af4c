// Loading `/servers/index.ts` would evaluate every server's modules, also those the code never uses:
// the index re-exports them all. When the entry alone imports it and names the servers it uses, the
// index is replaced by one re-exporting only those, and what nothing reaches any more is left out.
import { compileLibrary, type CompiledEntry } from './compile.js';
import type { Graph } from './graph.js';

const SERVERS_INDEX = '/servers/index.ts';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Prunes the graph in place; leaves it whole whenever the servers used cannot be known for sure. */
export function pruneServersIndex(entry: CompiledEntry, graph: Graph): void {
  const index = graph.modules.get(SERVERS_INDEX);
  if (!index || index.analysis.exports.stars.length > 0) return;
  for (const [importer, own] of Object.entries(graph.links))
    if (importer !== entry.name && Object.values(own).includes(SERVERS_INDEX)) return;
  const used = usedServers(entry, graph.links[entry.name] ?? {});
  if (!used) return;

  const kept: string[] = [];
  for (const [name, exported] of index.analysis.exports.names) {
    // Only the shape codegen writes (`export * as x from './x/index.js'`) is understood here.
    if (!exported.namespaceOf || !IDENTIFIER.test(name)) return;
    if (used.has(name)) kept.push(`export * as ${name} from ${JSON.stringify(exported.namespaceOf)};\n`);
  }
  const pruned = compileLibrary(SERVERS_INDEX, kept.join(''));
  graph.modules.set(SERVERS_INDEX, pruned);
  const specifiers = new Set(pruned.analysis.imports.map((imp) => imp.specifier));
  const links = Object.entries(graph.links[SERVERS_INDEX] ?? {}).filter(([specifier]) => specifiers.has(specifier));
  if (links.length > 0) graph.links[SERVERS_INDEX] = Object.fromEntries(links);
  else delete graph.links[SERVERS_INDEX];

  const reachable = new Set<string>([entry.name]);
  const queue = [entry.name];
  for (let name = queue.pop(); name !== undefined; name = queue.pop())
    for (const target of Object.values(graph.links[name] ?? {}))
      if (!reachable.has(target)) {
        reachable.add(target);
        queue.push(target);
      }
  for (const name of [...graph.modules.keys()])
    if (!reachable.has(name)) {
      graph.modules.delete(name);
      delete graph.links[name];
    }
}

/**
 * The servers the entry takes from the index: named imports (`import { github } from './servers'`) and
 * `ns.github` on a namespace import. Undefined when the entry uses the index otherwise (a bare import, a
 * re-export, `Object.keys(ns)`, `ns[name]`, destructuring): then every server may be needed.
 */
function usedServers(entry: CompiledEntry, own: Record<string, string>): Set<string> | undefined {
  const used = new Set<string>();
  const bound = new Set<string>();
  for (const binding of entry.analysis.bindings) {
    if (binding.typeOnly || own[binding.specifier] !== SERVERS_INDEX) continue;
    bound.add(binding.specifier);
    if (binding.imported !== '*') {
      used.add(binding.imported);
      continue;
    }
    const local = binding.local;
    if (entry.analysis.locals.has(local) || entry.analysis.bareNames.has(local)) return undefined;
    for (const chain of entry.analysis.chains)
      if (chain.root === local && chain.props[0]) used.add(chain.props[0].name);
  }
  for (const imp of entry.analysis.imports)
    if (!imp.typeOnly && own[imp.specifier] === SERVERS_INDEX && !bound.has(imp.specifier)) return undefined;
  return used;
}
