// "Did you mean": the names of a folder, closest to what was asked first.

import { closestMatches } from '@runbyte/utils';

const MAX_NAMED = 30;

/**
 * `Did you mean "x"? /dir contains: a, b, c.` — close matches first, then the folder's contents
 * (the first 30, with a count of the rest).
 */
export function whatExists(wanted: string, dir: string, names: readonly string[]): string {
  const close = closestMatches(wanted, names);
  const parts: string[] = [];
  if (close.length > 0) parts.push(`Did you mean ${close.map((n) => JSON.stringify(n)).join(' or ')}?`);
  if (names.length === 0) {
    parts.push(`${dir} is empty.`);
  } else {
    const shown = names.slice(0, MAX_NAMED).join(', ');
    const rest = names.length > MAX_NAMED ? `, ... and ${names.length - MAX_NAMED} more (list ${dir} to see all)` : '';
    parts.push(`${dir} contains: ${shown}${rest}.`);
  }
  return parts.join(' ');
}
