import { posix } from 'node:path';

/** Where builtin modules (`@runbyte/fs`) live in the checker's virtual tree. */
export const BUILTIN_DIR = '/__runbyte/builtins';

/** The virtual path of a builtin module, by its bare specifier. */
export function builtinPath(specifier: string): string {
  return `${BUILTIN_DIR}/${specifier.replace(/[^\w.-]+/g, '_')}.ts`;
}

/**
 * Candidate files of an import, by the bundler's rules, so the checker sees exactly the module the
 * sandbox would run: `.js` → `.ts`, no extension → `.ts` or `/index.ts`, relative to the importer's
 * folder (the agent's file lives at `/`). Empty for packages, URLs and paths outside the root.
 */
export function candidates(specifier: string, importer: string): string[] {
  const relative = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
  if (!relative && !specifier.startsWith('/')) return [];
  const joined = specifier.startsWith('/') ? specifier : `${posix.dirname(importer)}/${specifier}`;
  const path = posix.normalize(joined).replace(/\/+$/, '');
  if (path.startsWith('..')) return [];
  if (specifier.endsWith('/') || /(^|\/)\.\.?$/.test(specifier)) return [`${path || ''}/index.ts`];
  const bare = path.replace(/\.(ts|m?js)$/, '');
  return [`${bare}.ts`, `${bare}/index.ts`];
}
