/** `candidates` ordered by similarity to `wanted` (closest first), ties in their original order. */
export function closestFirst(wanted: string, candidates: readonly string[]): string[] {
  const target = wanted.toLowerCase();
  const scored = candidates.map((name, index) => {
    const lower = name.toLowerCase();
    const contains = lower.includes(target) || target.includes(lower) ? 0 : 1;
    return { name, index, contains, distance: levenshtein(target, lower) };
  });
  scored.sort((a, b) => a.contains - b.contains || a.distance - b.distance || a.index - b.index);
  return scored.map((s) => s.name);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
