import { closestMatches, editDistance } from '@runbyte/utils';

/**
 * Every candidate, closest first: the close ones by the shared "did you mean" rule, then the rest by
 * edit distance, ties in their original order.
 */
export function closestFirst(wanted: string, candidates: readonly string[]): string[] {
  const close = closestMatches(wanted, candidates, candidates.length);
  const target = wanted.toLowerCase();
  const rest = candidates
    .filter((c) => !close.includes(c))
    .map((name, index) => ({ name, index, distance: editDistance(target, name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map((c) => c.name);
  return [...close, ...rest];
}
