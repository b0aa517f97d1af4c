/** What is kept of a line past the limit: its size and both ends, enough to find a JSON-RPC id. */
export interface OversizedLine {
  bytes: number;
  head: string;
  tail: string;
}

export type LineEvent = { line: string } | { oversized: OversizedLine };

const KEEP = 4096;
const NEWLINE = 0x0a;

/**
 * Splits a byte stream into newline-delimited lines of at most maxLineBytes. A longer line is not kept:
 * it is dropped as it arrives and reported once it ends, so one huge message costs no memory and the
 * lines after it still arrive (the SDK's ReadBuffer instead throws, and its transports then close).
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private dropping: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(readonly maxLineBytes: number) {}

  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      this.take(piece);
      if (end === -1) break;
      const event = this.finish();
      if (event) events.push(event);
      start = end + 1;
    }
    return events;
  }

  clear(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.dropping = undefined;
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.dropping) {
      this.dropping.bytes += piece.length;
      this.dropping.tail = lastBytes(Buffer.concat([this.dropping.tail, piece]));
      return;
    }
    if (this.pendingBytes + piece.length <= this.maxLineBytes) {
      this.pending.push(piece);
      this.pendingBytes += piece.length;
      return;
    }
    const sofar = Buffer.concat([...this.pending, piece]);
    this.dropping = {
      bytes: sofar.length,
      head: Buffer.from(sofar.subarray(0, KEEP)),
      tail: lastBytes(sofar),
    };
    this.pending = [];
    this.pendingBytes = 0;
  }

  private finish(): LineEvent | undefined {
    if (this.dropping) {
      const { bytes, head, tail } = this.dropping;
      this.dropping = undefined;
      return { oversized: { bytes, head: head.toString('utf8'), tail: tail.toString('utf8').replace(/\r$/, '') } };
    }
    const line = Buffer.concat(this.pending).toString('utf8').replace(/\r$/, '');
    this.pending = [];
    this.pendingBytes = 0;
    return line.trim() === '' ? undefined : { line };
  }
}

function lastBytes(buffer: Buffer): Buffer {
  return Buffer.from(buffer.subarray(Math.max(0, buffer.length - KEEP)));
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.)*"|-?\d+)`;
// Serialisers put `id` first (`{"jsonrpc":"2.0","id":1,...}`) or last (the TypeScript SDK: `{...,"id":1}`);
// anchored at either end of the object it is the message's own id, not one nested in params.
const ID_AT_START = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*` + ID_VALUE);
const ID_AT_END = new RegExp(String.raw`[,{]\s*"id"\s*:\s*` + ID_VALUE + String.raw`\s*\}\s*$`);

/** The JSON-RPC id of a message known only by its two ends, or null when neither end shows it. */
export function jsonRpcIdOf(line: { head: string; tail: string }): string | number | null {
  const match = ID_AT_START.exec(line.head) ?? ID_AT_END.exec(line.tail);
  if (!match?.[1]) return null;
  try {
    const id: unknown = JSON.parse(match[1]);
    return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)) ? id : null;
  } catch {
    return null;
  }
}
