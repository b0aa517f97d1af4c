// Virtual paths: every form an agent might type is reduced to segments under the virtual root.
import { VfsError } from './errors.js';

/**
 * `servers/x`, `/servers//x/`, `./servers/x` and `/servers/a/../x` are all ['servers', 'x'].
 * Relative paths are taken from the virtual root. A `..` above the root is refused (EESCAPE).
 */
export function splitVirtualPath(path: unknown, what = 'path'): string[] {
  if (typeof path !== 'string') {
    throw new VfsError('EINVAL', String(path), `The ${what} must be a string, got ${describeType(path)}.`);
  }
  if (path.includes('\0'))
    throw new VfsError('EINVAL', path.replace(/\0/g, '\\0'), `The ${what} contains a NUL character.`);
  const segments: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) {
        throw new VfsError(
          'EESCAPE',
          path,
          `${JSON.stringify(path)} goes above the root "/"; paths stay inside /servers and /workspace.`,
        );
      }
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  return segments;
}

export function joinVirtual(segments: readonly string[]): string {
  return '/' + segments.join('/');
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
