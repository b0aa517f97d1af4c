// Small text helpers for listings and messages.

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Draws `├──`/`└──` rows with the notes aligned after the names. */
export function treeRows(rows: ReadonlyArray<{ name: string; note?: string | undefined }>, indent = ''): string[] {
  const width = Math.min(40, Math.max(0, ...rows.filter((r) => r.note).map((r) => r.name.length)));
  return rows.map((row, i) => {
    const branch = i === rows.length - 1 ? '└── ' : '├── ';
    const note = row.note ? `${' '.repeat(Math.max(1, width - row.name.length + 2))}${row.note}` : '';
    return `${indent}${branch}${row.name}${note}`;
  });
}

/** One line, no control characters: server-provided text must not break the tree. */
export function oneLine(text: string, max = 200): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
