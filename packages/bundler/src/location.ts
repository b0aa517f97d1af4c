// Positions from @swc/wasm are UTF-8 byte offsets; users count lines and UTF-16 columns.

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Converts byte offsets of one source to positions; cheap to create, lazy on first use. */
export class SourceText {
  readonly text: string;
  private bytes: Buffer | undefined;
  private lineStarts: number[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** String index of a UTF-8 byte offset. */
  indexOfByte(byteOffset: number): number {
    this.bytes ??= Buffer.from(this.text, 'utf8');
    if (this.bytes.length === this.text.length) return Math.max(0, Math.min(byteOffset, this.text.length));
    return this.bytes.subarray(0, Math.max(0, byteOffset)).toString('utf8').length;
  }

  positionOfIndex(index: number): Position {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - starts[lo]! + 1 };
  }

  positionOfByte(byteOffset: number): Position {
    return this.positionOfIndex(this.indexOfByte(byteOffset));
  }

  lines(): string[] {
    return this.text.split(/\r?\n|\r|\u2028|\u2029/);
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const re = /\r\n|\r|\n|\u2028|\u2029/g;
    for (let m = re.exec(this.text); m; m = re.exec(this.text)) starts.push(m.index + m[0].length);
    this.lineStarts = starts;
    return starts;
  }
}

const FRAME_CONTEXT = 2;
const FRAME_MAX_LINE = 160;

/**
 * A short code frame: up to two lines before and one after, line numbers in a gutter, and a caret
 * under the column.
 */
export function codeFrame(text: string, position: Position): string {
  const lines = new SourceText(text).lines();
  const first = Math.max(1, position.line - FRAME_CONTEXT);
  const last = Math.min(lines.length, position.line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    let line = (lines[n - 1] ?? '').replace(/\t/g, ' ');
    if (line.length > FRAME_MAX_LINE) line = `${line.slice(0, FRAME_MAX_LINE)}…`;
    const marker = n === position.line ? '>' : ' ';
    out.push(`${marker} ${String(n).padStart(width)} | ${line}`.trimEnd());
    if (n === position.line) {
      const caretAt = Math.min(Math.max(position.column - 1, 0), FRAME_MAX_LINE);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(caretAt)}^`);
    }
  }
  return out.join('\n');
}
