import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { formatBytes, jsonRpcIdOf } from '@runbyte/utils';
import { oversizedAnswer, tooLargeMessage } from './result-limit.js';
import { refusingProtoKeysInBytes } from './proto-keys.js';
import { concat, DISCARD_BYTES, sseLimiter } from './sse-limit.js';

/**
 * A fetch for the SDK's HTTP transports that bounds what a server sends, as the stdio client bounds its
 * lines: a response body (application/json) or an event (text/event-stream) over `maxBytes` is replaced
 * by a JSON-RPC error answering the request, so that call fails with the size and the connection is kept.
 * Without it the SDK reads any answer whole, and a hostile server can stream one without end.
 */
export function boundedFetch(maxBytes: number, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const response = await base(url, init);
    // Error statuses are read (and cut to a few lines) by the SDK itself; 204 and the like have no body.
    if (!response.ok || response.body === null || response.status === 204 || response.status === 205) return response;
    const requestId = requestIdOf(init?.body);
    const isStream = /^\s*text\/event-stream\b/i.test(response.headers.get('content-type') ?? '');
    const limiter = isStream ? sseLimiter(maxBytes, requestId) : bodyLimiter(maxBytes, requestId, String(url));
    return withBody(response, response.body.pipeThrough(limiter));
  };
}

/**
 * Holds a whole body up to `maxBytes` (the SDK parses it whole anyway); past it the body is dropped as
 * it arrives and, once it ends (or DISCARD_BYTES later), replaced by an error answering `requestId`.
 * A body that answers no request of ours (an OAuth metadata document) fails to read instead.
 */
function bodyLimiter(
  maxBytes: number,
  requestId: string | number | undefined,
  url: string,
): TransformStream<Uint8Array, Uint8Array> {
  let kept: Uint8Array[] = [];
  let bytes = 0;
  const giveUp = (controller: TransformStreamDefaultController<Uint8Array>, exact: boolean) => {
    if (requestId === undefined) {
      controller.error(
        new Error(
          `The response of ${url} is ${exact ? '' : 'more than '}${formatBytes(bytes)}, over the limit of ${formatBytes(maxBytes)}`,
        ),
      );
      return;
    }
    const answer = oversizedAnswer(requestId, tooLargeMessage(bytes, maxBytes, exact));
    controller.enqueue(new TextEncoder().encode(JSON.stringify(answer)));
    controller.terminate();
  };
  return new TransformStream({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      if (bytes <= maxBytes) kept.push(chunk);
      else kept = [];
      if (bytes > maxBytes + DISCARD_BYTES) giveUp(controller, false);
    },
    flush(controller) {
      if (bytes > maxBytes) giveUp(controller, true);
      else if (kept.length > 0) controller.enqueue(refusingProtoKeysInBytes(concat(kept), false));
    },
  });
}

/** The id of the JSON-RPC request a POST carries (the SDK sends one message per POST, as a string). */
function requestIdOf(body: unknown): string | number | undefined {
  if (typeof body !== 'string' || !/^\s*\{/.test(body)) return undefined;
  // Both ends suffice, as for a stdio line: our own request may carry large arguments.
  const id = jsonRpcIdOf({ head: body.slice(0, 4096), tail: body.slice(-4096) });
  return id === null || !/"method"\s*:/.test(body.slice(0, 4096)) ? undefined : id;
}

/** `response` with another body; what the SDK reads off it (status, headers, url) is kept. */
function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  const headers = new Headers(response.headers);
  // The length no longer holds, and fetch has already decoded the body.
  headers.delete('content-length');
  headers.delete('content-encoding');
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(wrapped, 'url', { value: response.url });
  return wrapped;
}
