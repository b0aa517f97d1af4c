import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import spawn from 'cross-spawn';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { formatBytes, jsonRpcIdOf, LineSplitter, messageOf } from '@runbyte/utils';
import { RESULT_TOO_LARGE, tooLargeMessage } from './result-limit.js';
import { mayHoldProtoKey, refusingProtoKeys } from './proto-keys.js';

export interface StdioClientOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Largest message the server may send; a larger one fails its own request, not the connection. */
  maxMessageBytes: number;
}

/**
 * Spawns a server and speaks MCP over its stdin/stdout, as the SDK's StdioClientTransport, except for a
 * message over the limit: the SDK's ReadBuffer throws and the transport kills the process, failing every
 * caller's call with "the process exited". Here the message is dropped as it arrives and only the
 * request it answers fails, with its size; when no id can be found the connection closes, saying why.
 */
export class StdioLineClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Why the transport closed itself, when it did. */
  closeReason: string | undefined;
  readonly stderr = new PassThrough();

  private child: ChildProcess | undefined;
  private readonly splitter: LineSplitter;

  constructor(private readonly options: StdioClientOptions) {
    this.splitter = new LineSplitter(options.maxMessageBytes);
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('StdioLineClientTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, this.options.args, {
        env: this.options.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: process.platform === 'win32',
        ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
      });
      this.child = child;
      child.on('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.on('spawn', () => resolve());
      child.on('close', () => {
        this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
      child.stderr?.pipe(this.stderr);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin) throw new Error('Not connected');
    if (stdin.write(JSON.stringify(message) + '\n')) return;
    await new Promise<void>((resolve) => stdin.once('drain', resolve));
  }

  /** Ends stdin, then SIGTERM after 2 s and SIGKILL after 2 more, as the SDK's transport does. */
  async close(): Promise<void> {
    const child = this.child;
    this.splitter.clear();
    if (!child) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const within = (ms: number) =>
      Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
    try {
      child.stdin?.end();
    } catch {
      // already gone
    }
    await within(2_000);
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      if (signal === 'SIGTERM') await within(2_000);
    }
  }

  private receive(chunk: Buffer): void {
    for (const event of this.splitter.push(chunk)) {
      if ('line' in event) {
        try {
          const message: unknown = JSON.parse(event.line);
          // A large answer is cheap to search but not to walk.
          const checked = mayHoldProtoKey(event.line) ? refusingProtoKeys(message) : message;
          this.onmessage?.(JSONRPCMessageSchema.parse(checked));
        } catch (error) {
          this.onerror?.(new Error(`The server sent a message that is not JSON-RPC: ${messageOf(error)}`));
        }
        continue;
      }
      const size = formatBytes(event.oversized.bytes);
      const limit = formatBytes(this.options.maxMessageBytes);
      const id = jsonRpcIdOf(event.oversized);
      if (id === null) {
        this.closeReason = `it sent a message of ${size}, over the limit of ${limit}, that answers no request we could find`;
        void this.close();
        return;
      }
      this.onmessage?.({
        jsonrpc: '2.0',
        id,
        error: {
          code: RESULT_TOO_LARGE,
          message: tooLargeMessage(event.oversized.bytes, this.options.maxMessageBytes),
        },
      });
    }
  }
}
