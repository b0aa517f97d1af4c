import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { unknownToolError } from '../errors.js';
import { CallTimer, type InFlightCall } from '../pass-through.js';
import { seconds } from '../reasons.js';
import { closestFirst } from '../suggest.js';
import { httpStatus } from '../transports/http-errors.js';
import type { CallToolOptions, Logger } from '../types.js';
import { abortedError, CallFailure, describeCallFailure, type FailureHost } from './call-errors.js';
import type { Session } from './state.js';
import type { ServerTools } from './tools.js';

/** What a call needs from its connection. */
export interface CallHost extends FailureHost {
  logger: Logger;
  callTimeoutMs: number;
  tools: ServerTools;
  inFlight: Set<InFlightCall>;
  /** The client of a ready connection, connecting first when that is worth waiting for. */
  ready(): Promise<Client>;
  refreshTools(): Promise<void>;
  session(): Session | undefined;
  /** The server forgot our session: drop it, so the next call starts a new one. */
  sessionExpired(client: Client): void;
}

// setTimeout's largest delay; past it Node fires after 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls a tool; sends it a second time (once) when the server had forgotten the session it went to. */
export async function callTool(
  host: CallHost,
  tool: string,
  args: Record<string, unknown> | undefined,
  options: CallToolOptions,
): Promise<CallToolResult> {
  try {
    return await sendCall(host, tool, args, options);
  } catch (error) {
    if (!(error instanceof CallFailure)) throw error;
    if (!isExpiredSession(host, error)) throw describeCallFailure(host, error);
    host.logger.info(`Server "${host.name}" no longer knows our session; starting a new one`, { server: host.name });
    host.sessionExpired(error.client);
  }
  try {
    return await sendCall(host, tool, args, options);
  } catch (error) {
    throw error instanceof CallFailure ? describeCallFailure(host, error) : error;
  }
}

/**
 * A 404 to a request carrying a session id means the server forgot the session (it restarted, or expired
 * it) and did not run the call; the spec says to start a new session, so the call is safe to send again.
 */
function isExpiredSession(host: CallHost, failure: CallFailure): boolean {
  const session = host.session();
  return (
    !failure.signal?.aborted &&
    session?.client === failure.client &&
    session.kind === 'streamable-http' &&
    httpStatus(failure.error) === 404
  );
}

/** One tools/call; a failure after sending is thrown as a CallFailure for the caller to describe. */
async function sendCall(
  host: CallHost,
  tool: string,
  args: Record<string, unknown> | undefined,
  options: CallToolOptions,
): Promise<CallToolResult> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? host.callTimeoutMs;
  const aborted = () => abortedError(host.name, tool, signal!);
  if (signal?.aborted) throw aborted();
  const client = await abortable(host.ready(), signal, aborted);
  if (!host.tools.has(tool)) {
    // The server may have added the tool without telling us (list_changed is optional).
    await abortable(host.refreshTools(), signal, aborted);
    if (!host.tools.has(tool)) {
      const available = closestFirst(
        tool,
        host.tools.tools.map((t) => t.name),
      );
      throw unknownToolError(host.name, tool, available);
    }
  }
  // The SDK never removes the abort listener it adds to a request's signal: give it a signal of its own
  // per call, so a caller's long-lived signal does not collect listeners (and cancel finished requests).
  // Aborting it makes the SDK send notifications/cancelled. The timeout is ours, not the SDK's, so it can
  // stop while the server waits for a person (a forwarded elicitation).
  const local = new AbortController();
  const forward = () => local.abort(signal!.reason);
  signal?.addEventListener('abort', forward, { once: true });
  let timedOut = false;
  const timer = new CallTimer(timeoutMs, () => {
    timedOut = true;
    local.abort(new Error(`no answer within ${seconds(timeoutMs)}`));
  });
  const call: InFlightCall = { options, pause: () => timer.pause() };
  host.inFlight.add(call);
  try {
    // A plain request, not client.callTool(): that helper rejects results whose structuredContent does
    // not match the tool's outputSchema, and a gateway should hand the server's answer on as it is.
    return await client.request(
      { method: 'tools/call', params: { name: tool, arguments: args ?? {} } },
      CallToolResultSchema,
      {
        timeout: MAX_TIMER_MS,
        signal: local.signal,
        ...(options.onProgress ? { onprogress: options.onProgress } : {}),
      },
    );
  } catch (error) {
    throw new CallFailure(error, client, tool, timeoutMs, timedOut, signal);
  } finally {
    timer.stop();
    host.inFlight.delete(call);
    signal?.removeEventListener('abort', forward);
  }
}

/** `promise`, or a rejection with onAbort() as soon as `signal` aborts (the work itself goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
