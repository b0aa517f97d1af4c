// Positions from @swc/wasm are UTF-8 byte offsets; users count lines and UTF-16 columns.
import { codeFrame as sharedCodeFrame } from '@runbyte/utils';

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

/** The shared code frame (@runbyte/utils) at a position of this text. */
export function codeFrame(text: string, position: Position): string {
  return sharedCodeFrame(text, position.line, position.column) ?? '';
}
