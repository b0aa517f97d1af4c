import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * A transport that remembers whether its start() has finished. Client.connect starts the transport and
 * then sends initialize in one call; this tells a failure to spawn or open the stream from a server that
 * never answered initialize. A decorator rather than a patched `start` on the instance, so the transport
 * itself stays as the SDK (or our stdio client) made it.
 */
export class StartWatchingTransport implements Transport {
  started = false;

  constructor(readonly inner: Transport) {}

  async start(): Promise<void> {
    await this.inner.start();
    this.started = true;
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  // The client installs its handlers here; they must reach the transport that fires them.
  get onclose(): Transport['onclose'] {
    return this.inner.onclose;
  }
  set onclose(handler: Transport['onclose']) {
    this.inner.onclose = handler;
  }
  get onerror(): Transport['onerror'] {
    return this.inner.onerror;
  }
  set onerror(handler: Transport['onerror']) {
    this.inner.onerror = handler;
  }
  get onmessage(): Transport['onmessage'] {
    return this.inner.onmessage;
  }
  set onmessage(handler: Transport['onmessage']) {
    this.inner.onmessage = handler;
  }

  // A session id tells the client to skip initialize (a resumed session); the HTTP transport has one.
  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }
}
