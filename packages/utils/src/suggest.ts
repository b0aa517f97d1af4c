// "Did you mean": one scoring rule for every message that suggests a name.

/** Lower case, without a file extension and without separators: `create_issue` ≈ `createIssue`. */
function squash(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.(ts|js|mjs|cjs)$/, '')
    .replace(/[^a-z0-9]/g, '');
}

/** Levenshtein distance (for the short names of messages). */
export function editDistance(a: string, b: string): number {
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

/**
 * The candidates close to `wanted`, best first: the same letters ignoring case and separators, then
 * containment, then a few edits (at most a third of the shorter name, and at least 2). Ties keep the
 * candidates' order.
 */
export function closestMatches(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const w = squash(wanted);
  if (w === '') return [];
  const scored: Array<{ name: string; score: number; index: number }> = [];
  let index = 0;
  for (const name of candidates) {
    const n = squash(name);
    index++;
    if (n === '') continue;
    let score: number;
    if (n === w) score = 0;
    else if (n.includes(w) || w.includes(n)) score = 1 + Math.abs(n.length - w.length) / 100;
    else {
      const d = editDistance(w, n);
      if (d > Math.max(2, Math.floor(Math.min(w.length, n.length) / 3))) continue;
      score = 2 + d;
    }
    scored.push({ name, score, index });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .slice(0, max)
    .map((s) => s.name);
}

/** `Did you mean "a" or "b"?`, or '' when nothing is close. */
export function didYouMean(wanted: string, candidates: Iterable<string>, max = 3): string {
  const close = closestMatches(wanted, candidates, max);
  return close.length === 0 ? '' : `Did you mean ${close.map((n) => JSON.stringify(n)).join(' or ')}?`;
}

/** `"a", "b", "c" and 4 more`. */
export function listNames(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}
