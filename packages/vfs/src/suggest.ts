// "Did you mean": the names of a folder, closest to what was asked first.

const MAX_NAMED = 30;

function squash(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.(ts|js|mjs|cjs)$/, '')
    .replace(/[^a-z0-9]/g, '');
}

function distance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Names close to `wanted` (same letters ignoring case and separators, containment, or a few edits), best first. */
export function closeMatches(wanted: string, names: readonly string[], max = 3): string[] {
  const w = squash(wanted);
  if (w === '') return [];
  const scored: Array<[number, string]> = [];
  for (const name of names) {
    const n = squash(name);
    if (n === '') continue;
    let score: number;
    if (n === w) score = 0;
    else if (n.includes(w) || w.includes(n)) score = 1 + Math.abs(n.length - w.length) / 100;
    else {
      const d = distance(w, n);
      if (d > Math.max(2, Math.floor(Math.min(w.length, n.length) / 3))) continue;
      score = 2 + d;
    }
    scored.push([score, name]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1))
    .slice(0, max)
    .map(([, name]) => name);
}

/**
 * `Did you mean "x"? /dir contains: a, b, c.` — close matches first, then the folder's contents
 * (the first 30, with a count of the rest).
 */
export function whatExists(wanted: string, dir: string, names: readonly string[]): string {
  const close = closeMatches(wanted, names);
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
