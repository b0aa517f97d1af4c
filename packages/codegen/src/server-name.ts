import { RUNTIME_FILE } from './runtime-module.js';

// The one rule for server names, shared by the CLI's config check, the vfs and the generator: a server
// becomes the folder /servers/<name> verbatim, so its name must be one path segment that resolves to itself.

/** Why `name` cannot be a server name, or undefined when it can. */
export function invalidServerName(name: string): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it is a relative path';
  if (/[/\\]/.test(name)) return 'it contains a slash';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  // An object key "__proto__" sets the prototype instead: the server would silently vanish.
  if (name === '__proto__') return 'it is reserved: JavaScript objects take "__proto__" for their prototype';
  if (name === 'index.ts' || name === RUNTIME_FILE) return 'a file of that name already lives in /servers';
  return undefined;
}
