import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { isNeedsLogin } from '../auth/attach.js';
import { HubError } from '../errors.js';
import { describeHttpError, isMcpError, messageOf, seconds } from '../reasons.js';
import { RESULT_TOO_LARGE } from '../transports/result-limit.js';
import type { ServerConfig } from '../types.js';

/** A request that failed after it was sent, with what is needed to say why and to react. */
export class CallFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly client: Client,
    readonly tool: string,
    readonly timeoutMs: number,
    /** Our own timeout fired (the SDK's is set out of reach). */
    readonly timedOut: boolean,
    readonly signal: AbortSignal | undefined,
  ) {
    super(messageOf(error));
  }
}

/** What turning a failure into a HubError may change on the connection. */
export interface FailureHost {
  name: string;
  config: ServerConfig;
  /** The reason of the connection's state, for a call that died with the connection. */
  reason(): string | undefined;
  /** The token expired and could not be refreshed (e.g. the refresh token was revoked). */
  loginLost(client: Client, why: string): HubError;
  /** The call failed below MCP (a refused POST, a broken pipe): the connection cannot be trusted. */
  connectionLost(client: Client, reason: string): void;
}

export function describeCallFailure(host: FailureHost, failure: CallFailure): HubError {
  const { name: server } = host;
  const { error, tool, timeoutMs, signal } = failure;
  const where = `${server}/${tool}`;
  if (signal?.aborted) return abortedError(server, tool, signal);
  if (error instanceof HubError) return error;
  if (isNeedsLogin(error)) return host.loginLost(failure.client, messageOf(error));
  if (failure.timedOut || isMcpError(error, ErrorCode.RequestTimeout)) {
    return new HubError(
      'TIMEOUT',
      `Tool ${where} did not answer within ${seconds(timeoutMs)}; the call was cancelled. Pass a larger timeoutMs if it needs longer.`,
      { server, tool, timeoutMs, cause: failure.timedOut ? TIMED_OUT : error },
    );
  }
  if (isMcpError(error, ErrorCode.ConnectionClosed)) {
    const reason = host.reason() ?? 'the connection closed';
    return new HubError('TRANSPORT', `Server "${server}" went away during the call of ${tool}: ${reason}.`, {
      server,
      tool,
      reason,
      cause: error,
    });
  }
  if (isMcpError(error, RESULT_TOO_LARGE)) {
    return new HubError(
      'REQUEST_FAILED',
      `The result of ${where} is too large: ${error.message.replace(/^MCP error -?\d+: /, '')}. Ask for less (a page, a filter), or raise server.maxResultMb.`,
      { server, tool, rpcCode: RESULT_TOO_LARGE, cause: error },
    );
  }
  if (isMcpError(error)) {
    return new HubError('REQUEST_FAILED', `Server "${server}" rejected the call of ${tool}: ${error.message}`, {
      server,
      tool,
      rpcCode: error.code,
      cause: error,
    });
  }
  const httpReason = 'url' in host.config ? describeHttpError(error, host.config.url) : undefined;
  if (!httpReason && !isTransportFailure(error)) {
    return new HubError(
      'REQUEST_FAILED',
      `Server "${server}" returned an invalid result for ${tool}: ${messageOf(error)}`,
      {
        server,
        tool,
        cause: error,
      },
    );
  }
  const reason = httpReason ?? messageOf(error);
  host.connectionLost(failure.client, reason);
  return new HubError('TRANSPORT', `The call of ${where} failed: ${reason}.`, { server, tool, reason, cause: error });
}

/** The cause of a TIMEOUT our own timer raised. */
const TIMED_OUT = new Error('timed out');

function isTransportFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || /not connected|fetch failed|EPIPE|ECONNRESET|socket/i.test(messageOf(error));
}

export function abortedError(server: string, tool: string, signal: AbortSignal): HubError {
  const why =
    signal.reason instanceof Error ? signal.reason.message : signal.reason === undefined ? '' : String(signal.reason);
  return new HubError(
    'ABORTED',
    `The call of ${server}/${tool} was aborted${why && why !== 'This operation was aborted' ? `: ${why}` : ''}.`,
    { server, tool, cause: signal.reason },
  );
}

export function closedError(server: string): HubError {
  return new HubError('CLOSED', `The hub is closed; server "${server}" cannot be called.`, { server });
}

export function unavailableError(server: string, reason: string): HubError {
  return new HubError(
    'SERVER_UNAVAILABLE',
    `Server "${server}" is unavailable: ${reason}. It is retried in the background.`,
    {
      server,
      reason,
    },
  );
}

export function needsLoginError(server: string, reason: string): HubError {
  return new HubError('NEEDS_LOGIN', `Server "${server}" needs a login: ${reason}.`, { server, reason });
}
