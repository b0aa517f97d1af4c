import { builtinModules } from 'node:module';
import { posix } from 'node:path';

/** Where a specifier may point, before asking the module source. */
export type Target =
  | { kind: 'builtin'; name: string }
  | { kind: 'file'; candidates: string[] }
  | { kind: 'node'; specifier: string }
  | { kind: 'url'; specifier: string }
  | { kind: 'package'; specifier: string }
  | { kind: 'outside'; specifier: string };

const NODE_BUILTINS = new Set(builtinModules);

/** Directory a module's relative imports resolve against; the agent file lives at the root. */
export function directoryOf(moduleName: string): string {
  return moduleName.startsWith('/') ? posix.dirname(moduleName) : '/';
}

/**
 * Classifies an import specifier: a builtin, candidate file paths (`.js` → `.ts`, no extension →
 * `.ts` or `/index.ts`), or something that cannot be imported.
 */
export function classify(specifier: string, importerDir: string, builtins: ReadonlySet<string>): Target {
  if (builtins.has(specifier)) return { kind: 'builtin', name: specifier };
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!)) {
    return { kind: 'node', specifier };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: 'url', specifier };
  const relative = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
  if (!relative && !specifier.startsWith('/')) return { kind: 'package', specifier };

  const joined = specifier.startsWith('/') ? specifier : `${importerDir.replace(/\/$/, '')}/${specifier}`;
  if (escapesRoot(joined)) return { kind: 'outside', specifier };
  let path = posix.normalize(joined);
  const isDir = specifier.endsWith('/') || specifier === '.' || specifier === '..' || /\/\.\.?$/.test(specifier);
  if (isDir) return { kind: 'file', candidates: [posix.join(path, 'index.ts')] };
  path = path.replace(/\/+$/, '');
  // `./servers/github.ts` and `.js` name the folder's index when there is no such file.
  const bare = path.replace(/\.(ts|m?js)$/, '');
  if (bare !== path) return { kind: 'file', candidates: [`${bare}.ts`, `${bare}/index.ts`] };
  return { kind: 'file', candidates: [`${path}.ts`, `${path}/index.ts`] };
}

function escapesRoot(path: string): boolean {
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    depth += part === '..' ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}
