import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { formatBytes, jsonRpcIdOf, LineSplitter, messageOf } from '@runbyte/utils';

/** The SDK's own stdio limit: clients send nothing larger that they expect to work elsewhere. */
export const STDIO_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * The server side of MCP over stdio, as the SDK's StdioServerTransport but answering a request it cannot
 * read (too large, not JSON, not JSON-RPC) with a JSON-RPC error and reading on: the SDK's transport
 * closes on an over-limit line, which ended the whole process ("stdin closed").
 */
export class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly splitter: LineSplitter;
  private started = false;
  private closed = false;

  constructor(
    private readonly stdin: Readable,
    private readonly stdout: Writable,
    maxMessageBytes = STDIO_MAX_MESSAGE_BYTES,
  ) {
    this.splitter = new LineSplitter(maxMessageBytes);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioLineTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const json = JSON.stringify(message) + '\n';
    if (this.stdout.write(json)) return;
    await new Promise<void>((resolve) => this.stdout.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.splitter.clear();
    this.onclose?.();
  }

  private readonly onStreamError = (error: Error): void => this.onerror?.(error);

  private readonly onData = (chunk: Buffer | string): void => {
    const events = this.splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    for (const event of events) {
      if ('line' in event) this.receive(event.line);
      else {
        const limit = formatBytes(this.splitter.maxLineBytes);
        const size = formatBytes(event.oversized.bytes);
        this.reject(
          jsonRpcIdOf(event.oversized),
          ErrorCode.InvalidRequest,
          `The message is ${size}, over the stdio limit of ${limit}; it was not read. Send less per request (write large inputs to /workspace in parts).`,
        );
      }
    }
  };

  private receive(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.reject(null, ErrorCode.ParseError, `The message is not JSON: ${messageOf(error)}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = jsonRpcIdOf({ head: line.slice(0, 4096), tail: line.slice(-4096) });
      this.reject(id, ErrorCode.InvalidRequest, 'The message is not a JSON-RPC 2.0 request, notification or response.');
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private reject(id: string | number | null, code: number, message: string): void {
    this.onerror?.(new Error(message));
    // JSON-RPC answers a request it cannot read with id null; the SDK's message type requires an id.
    const reply = { jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage;
    this.send(reply).catch((error: unknown) =>
      this.onerror?.(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
