import type { Readable, Writable } from 'node:stream';
import { messageOf } from '@runbyte/utils';
import type { Runbyte } from './runbyte.js';
import { StdioLineTransport } from './stdio-transport.js';
import { internalsOf } from './internals.js';

export interface StdioServerHandle {
  /** Resolves when the client goes away (stdin ends) or close() is called. */
  readonly closed: Promise<void>;
  /** Disconnects the client, cancelling its running executions. Does not close the Runbyte. */
  close(): Promise<void>;
}

/** Serves one client over stdin/stdout. Only JSON-RPC is written to stdout. */
export async function serveStdio(
  runbyte: Runbyte,
  io: { stdin?: Readable; stdout?: Writable } = {},
): Promise<StdioServerHandle> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const { logger } = internalsOf(runbyte);
  const server = runbyte.createMcpServer();
  const transport = new StdioLineTransport(stdin, stdout);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  transport.onclose = resolveClosed;
  // The SDK's stdio transport does not watch for end of input; a client that exits closes stdin, and
  // closing the server then aborts whatever that client still had running.
  const onEnd = (): void => void server.close().catch(() => {});
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  await server.connect(transport);
  // Unreadable messages are answered and skipped; the log says what came in.
  server.server.onerror = (error) => logger.warn(`stdio: ${messageOf(error)}`);
  return {
    closed,
    async close() {
      stdin.off('end', onEnd);
      stdin.off('close', onEnd);
      await server.close();
      await closed;
    },
  };
}
