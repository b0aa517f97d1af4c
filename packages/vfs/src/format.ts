// Listing helpers; the text helpers every package shares come from @runbyte/utils.
export { formatBytes, oneLine, plural } from '@runbyte/utils';

/** Draws `├──`/`└──` rows with the notes aligned after the names. */
export function treeRows(rows: ReadonlyArray<{ name: string; note?: string | undefined }>, indent = ''): string[] {
  const width = Math.min(40, Math.max(0, ...rows.filter((r) => r.note).map((r) => r.name.length)));
  return rows.map((row, i) => {
    const branch = i === rows.length - 1 ? '└── ' : '├── ';
    const note = row.note ? `${' '.repeat(Math.max(1, width - row.name.length + 2))}${row.note}` : '';
    return `${indent}${branch}${row.name}${note}`;
  });
}
