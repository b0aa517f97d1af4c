// One code frame for every error a model reads (bundling, type-checking, run time, config), so the
// same mistake is always framed the same way.

const BEFORE = 2;
const AFTER = 1;
const MAX_LINE = 160;

/**
 * Up to two lines before `line` and one after, line numbers in a gutter, `>` on the line and a caret
 * under `column` (both 1-based). Undefined when the line is not in the source.
 */
export function codeFrame(source: string, line: number, column: number): string | undefined {
  const lines = source.split(/\r?\n/);
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return undefined;
  const first = Math.max(1, line - BEFORE);
  const last = Math.min(lines.length, line + AFTER);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    let text = (lines[n - 1] ?? '').replace(/\t/g, ' ');
    if (text.length > MAX_LINE) text = `${text.slice(0, MAX_LINE)}…`;
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`.trimEnd());
    if (n === line) {
      const caretAt = Math.min(Math.max(column - 1, 0), MAX_LINE);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(caretAt)}^`);
    }
  }
  return out.join('\n');
}
