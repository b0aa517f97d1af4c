// Listing helpers; the text helpers every package shares come from @runbyte/utils.
export { formatBytes, oneLine, plural } from '@runbyte/utils';

/**
 * What one listing's text may cost, in characters: about 1,500 tokens of o200k_base for listing
 * rows (~3.5 characters a token), whatever the number of servers or tools.
 */
export const LISTING_BUDGET_CHARS = 5_000;

/** `name  note` rows with the notes aligned; no tree-drawing characters, which cost tokens and say nothing. */
export function rowsText(rows: ReadonlyArray<{ name: string; note?: string | undefined }>, indent = ''): string[] {
  const width = Math.min(40, Math.max(0, ...rows.filter((r) => r.note).map((r) => r.name.length)));
  return rows.map((row) => {
    const note = row.note ? `${' '.repeat(Math.max(1, width - row.name.length + 2))}${row.note}` : '';
    return `${indent}${row.name}${note}`;
  });
}

/**
 * The head lines and as many rows as fit in LISTING_BUDGET_CHARS; past it, a last line says how many
 * rows are left out and what to do instead (`more(leftOut)`).
 */
export function withinBudget(head: readonly string[], rows: readonly string[], more: (left: number) => string): string {
  const out = [...head];
  let used = head.reduce((n, l) => n + l.length + 1, 0);
  // Room for the closing line, which is short.
  const limit = LISTING_BUDGET_CHARS - 300;
  let shown = 0;
  for (const row of rows) {
    if (used + row.length + 1 > limit) break;
    out.push(row);
    used += row.length + 1;
    shown++;
  }
  if (shown < rows.length) out.push(more(rows.length - shown));
  return out.join('\n');
}
