import { jsonRpcIdOf } from '@runbyte/utils';
import { refusingProtoKeysInBytes } from './proto-keys.js';
import { oversizedAnswer, tooLargeMessage } from './result-limit.js';

const NEWLINE = 0x0a;
const CR = 0x0d;
const KEEP = 4096;
/** How far past the limit an answer is read to tell its size before reading stops. */
export const DISCARD_BYTES = 64 * 1024 * 1024;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Bounds the events of a Server-Sent Events stream (a Streamable HTTP response, its GET stream, or the
 * legacy SSE stream). An event past `maxBytes` is not kept: it is dropped as it arrives, and once it ends
 * an answer is replaced by a small JSON-RPC error for its request, so only that call fails and the stream
 * (shared by every call on the legacy transport) goes on. Events are held until complete, as the SDK's
 * parser would hold them anyway.
 *
 * `requestId` is the request a POST's response stream answers: an answer there that never ends is cut off
 * past the limit plus DISCARD_BYTES. On a shared stream the id is read off the event's two ends, as the
 * stdio client does; a message that is not an answer (a huge notification) is dropped.
 */
export function sseLimiter(
  maxBytes: number,
  requestId: string | number | undefined,
): TransformStream<Uint8Array, Uint8Array> {
  let parts: Uint8Array[] = [];
  let bytes = 0;
  let dropped: { head: Uint8Array; tail: Uint8Array } | undefined;
  let lineBlank = true;

  const take = (piece: Uint8Array): void => {
    bytes += piece.byteLength;
    if (dropped) {
      dropped.tail = lastBytes(piece.byteLength >= KEEP ? piece : concat([dropped.tail, piece]));
      return;
    }
    if (bytes <= maxBytes) {
      parts.push(piece);
      return;
    }
    const sofar = concat([...parts, piece]);
    dropped = { head: sofar.slice(0, KEEP), tail: lastBytes(sofar) };
    parts = [];
  };

  const errorEvent = (id: string | number, exact: boolean): Uint8Array => {
    const answer = oversizedAnswer(id, tooLargeMessage(bytes, maxBytes, exact));
    return encoder.encode(`event: message\ndata: ${JSON.stringify(answer)}\n\n`);
  };

  const endEvent = (controller: TransformStreamDefaultController<Uint8Array>): void => {
    if (dropped) {
      const head = dataOf(decoder.decode(dropped.head));
      const id = isRequestOrNotification(head)
        ? null
        : (jsonRpcIdOf({ head, tail: decoder.decode(dropped.tail) }) ?? requestId ?? null);
      if (id !== null) controller.enqueue(errorEvent(id, true));
    } else if (parts.length > 0) controller.enqueue(refusingProtoKeysInBytes(concat(parts), true));
    parts = [];
    bytes = 0;
    dropped = undefined;
  };

  return new TransformStream({
    transform(chunk, controller) {
      let start = 0;
      while (start < chunk.byteLength) {
        const newline = chunk.indexOf(NEWLINE, start);
        const end = newline === -1 ? chunk.byteLength : newline;
        const blank = lineBlank && isOnlyCr(chunk, start, end);
        take(chunk.subarray(start, newline === -1 ? end : end + 1));
        if (newline === -1) {
          lineBlank = blank;
          break;
        }
        lineBlank = true;
        if (blank) endEvent(controller);
        start = end + 1;
      }
      // An answer to our own request that never ends: give it up with what is known of its size.
      if (dropped && requestId !== undefined && bytes > maxBytes + DISCARD_BYTES) {
        controller.enqueue(errorEvent(requestId, false));
        controller.terminate();
      }
    },
    flush(controller) {
      endEvent(controller);
    },
  });
}

/** The JSON of an event's first data line (`event: message\nid: 7\ndata: {...`). */
function dataOf(eventHead: string): string {
  const match = /(?:^|\n)data: ?/.exec(eventHead);
  return match ? eventHead.slice(match.index + match[0].length) : eventHead;
}

function isRequestOrNotification(json: string): boolean {
  return /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"method"\s*:/.test(json);
}

function isOnlyCr(chunk: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (chunk[i] !== CR) return false;
  return true;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function lastBytes(bytes: Uint8Array): Uint8Array {
  return bytes.slice(Math.max(0, bytes.byteLength - KEEP));
}
