import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from '@runbyte/utils';

/**
 * A transport that sends tools/list results without the `$schema` line the SDK puts in every schema:
 * clients do not need it and every session pays ~14 tokens a schema for it. It watches which requests
 * are tools/list on the way in and edits their results on the way out, through the public Transport
 * contract only.
 */
export class WithoutSchemaKeyword implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  private readonly listRequests = new Set<RequestId>();

  constructor(private readonly inner: Transport) {
    inner.onmessage = (message, extra) => {
      if ('method' in message && message.method === 'tools/list' && 'id' in message) this.listRequests.add(message.id);
      this.onmessage?.(message, extra);
    };
  }

  get onclose(): (() => void) | undefined {
    return this.inner.onclose;
  }
  set onclose(handler: (() => void) | undefined) {
    this.inner.onclose = handler;
  }
  get onerror(): ((error: Error) => void) | undefined {
    return this.inner.onerror;
  }
  set onerror(handler: ((error: Error) => void) | undefined) {
    this.inner.onerror = handler;
  }
  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('id' in message && message.id !== undefined && this.listRequests.delete(message.id) && 'result' in message) {
      const tools = message.result['tools'];
      if (Array.isArray(tools))
        message = { ...message, result: { ...message.result, tools: tools.map(withoutKeyword) } };
    }
    return this.inner.send(message, options);
  }
}

function withoutKeyword(tool: unknown): unknown {
  if (!isObject(tool)) return tool;
  const out: Record<string, unknown> = { ...tool };
  for (const key of ['inputSchema', 'outputSchema']) {
    const schema = out[key];
    if (isObject(schema)) {
      const { $schema: _dropped, ...rest } = schema;
      out[key] = rest;
    }
  }
  return out;
}
