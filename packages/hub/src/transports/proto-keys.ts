/** JSON-RPC internal error: the answer is refused, not the request. */
const REFUSED = -32603;

/**
 * A response whose result holds a key named "__proto__" becomes an error for that request. The SDK's
 * schema parsing would drop such a key silently, so the agent would get other data than the server
 * sent; refusing says so instead (issue #13: "__proto__" kept as data or refused). Runs on the message
 * as JSON.parse made it, before the SDK's schema sees it: the stdio client's lines and, through the
 * bounded fetch, HTTP bodies and SSE events.
 */
export function refusingProtoKeys(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || !('result' in message) || !('id' in message)) return message;
  const path = protoKeyPath(message.result, 'result');
  if (path === undefined) return message;
  return {
    jsonrpc: '2.0',
    id: message.id,
    error: {
      code: REFUSED,
      message: `the answer has a key named "__proto__" (at ${path}), which would be dropped on the way; Runbyte refuses it rather than pass on changed data. Fix the server to rename that key.`,
    },
  };
}

/** Where the first own "__proto__" key is, depth-first; undefined when there is none. */
export function protoKeyPath(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = protoKeyPath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (Object.hasOwn(value, '__proto__')) return `${path}.__proto__`;
  for (const key of Object.keys(value)) {
    const found = protoKeyPath((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Whether JSON text may hold a "__proto__" key, without parsing it: the key itself, or any \u escape
 * (JSON.parse turns `"\u005f_proto__"` into the same key). Most answers hold neither, so the walk is
 * skipped for them.
 */
export function mayHoldProtoKey(text: string | Buffer): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

/** The same refusal for a JSON body (one message or a batch) or an SSE event of an HTTP transport, in
 * bytes; untouched, without parsing, unless `mayHoldProtoKey`. */
export function refusingProtoKeysInBytes(bytes: Uint8Array, sse: boolean): Uint8Array {
  if (!mayHoldProtoKey(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) return bytes;
  const text = new TextDecoder().decode(bytes);
  const refuse = (json: string): string => {
    try {
      const parsed: unknown = JSON.parse(json);
      return JSON.stringify(Array.isArray(parsed) ? parsed.map(refusingProtoKeys) : refusingProtoKeys(parsed));
    } catch {
      return json;
    }
  };
  const out = sse
    ? text.replace(/^(data: ?)(.*)$/m, (_, prefix: string, json: string) => prefix + refuse(json))
    : refuse(text);
  return new TextEncoder().encode(out);
}
