// Formatting for messages and listings a person or a model reads.

/** `512 B`, `1.5 KiB`, `12 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.round(bytes)} B`;
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

/** `1 file`, `3 files`, `1,000 servers`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** One line, no control characters: text from a downstream server must not break a listing. */
export function oneLine(text: string, max = 200): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * At most `maxChars` characters of `text`: longer text keeps its start and says how much was cut, so a
 * huge message can never make a reply (or a log line) huge.
 */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = ` … [${(text.length - maxChars).toLocaleString('en-US')} more characters cut]`;
  return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}
