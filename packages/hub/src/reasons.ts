import { errnoCode, messageOf } from '@runbyte/utils';

export { messageOf };
import { existsSync, statSync } from 'node:fs';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig, TransportKind } from './types.js';
import { httpStatus } from './transports/http-errors.js';

/** What a connection attempt was doing when it failed. */
export type Phase = 'start' | 'initialize' | 'tools/list';

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** A failed attempt, described in words a user can act on. */
export function describeConnectError(
  error: unknown,
  context: { config: ServerConfig; kind: TransportKind; phase: Phase; stderrTail: readonly string[] },
): string {
  const { config, kind, phase } = context;
  if ('command' in config) {
    const code = errnoCode(error);
    if (code === 'ENOENT') {
      if (config.cwd !== undefined && !isDirectory(config.cwd))
        return `working directory not found: ${config.cwd} (fix "cwd")`;
      return `command not found: ${config.command} (install it, or give its full path in "command")`;
    }
    if (code === 'EACCES') return `command is not executable: ${config.command} (check its permissions)`;
    if (isMcpError(error, ErrorCode.ConnectionClosed) || /not connected|EPIPE/i.test(messageOf(error))) {
      return `the process exited before answering ${phase === 'tools/list' ? 'tools/list' : 'initialize'}${lastOutput(context.stderrTail)}`;
    }
  } else {
    const http = describeHttpError(error, config.url);
    if (http) return http;
  }
  if (isMcpError(error, ErrorCode.ConnectionClosed)) {
    return `the connection closed before the server answered ${phase === 'tools/list' ? 'tools/list' : 'initialize'}`;
  }
  if (kind === 'sse' && phase === 'start')
    return `could not open the SSE stream at ${urlOf(config)}: ${messageOf(error)}`;
  return `${phase === 'tools/list' ? 'tools/list' : 'initialize'} failed: ${messageOf(error)}`;
}

/** A timed-out attempt. */
export function describeTimeout(kind: TransportKind, phase: Phase, timeoutMs: number, config: ServerConfig): string {
  if (phase === 'start' && kind === 'sse')
    return `did not open the SSE stream at ${urlOf(config)} within ${seconds(timeoutMs)}`;
  if (phase === 'start') return `did not start within ${seconds(timeoutMs)}`;
  return `did not answer ${phase} within ${seconds(timeoutMs)}`;
}

/** An HTTP status or network failure (for connects and for calls over HTTP), or undefined. */
export function describeHttpError(error: unknown, configuredUrl: string): string | undefined {
  const url = displayUrl(configuredUrl);
  const status = httpStatus(error);
  if (status !== undefined && status > 0) {
    const hint =
      status === 401 || status === 403
        ? ' (check the credentials in "headers", e.g. Authorization)'
        : status === 404
          ? ' (check the path in "url")'
          : status === 405
            ? ' (the URL does not accept this transport; check "url" and "type")'
            : '';
    return `HTTP ${status} from ${url}${hint}`;
  }
  const network = networkCode(error);
  if (network === 'ECONNREFUSED') return `connection refused by ${origin(url)} (is the server running?)`;
  if (network === 'ENOTFOUND' || network === 'EAI_AGAIN') return `host not found: ${hostOf(url)} (check "url")`;
  if (network === 'ECONNRESET' || network === 'UND_ERR_SOCKET') return `the connection to ${origin(url)} was reset`;
  if (network) return `cannot reach ${url}: ${network}`;
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return `cannot reach ${url}: ${error.message}`;
  return undefined;
}

export function isMcpError(error: unknown, code?: number): error is McpError {
  return error instanceof McpError && (code === undefined || error.code === code);
}

function lastOutput(tail: readonly string[]): string {
  if (tail.length === 0) return ' (it wrote nothing to stderr)';
  return `; its last stderr output: ${JSON.stringify(stderrSummary(tail))}`;
}

/** A line that names why a process failed; Node prints it above a stack trace and `Node.js v22...`. */
export const STDERR_CAUSE = /Error|Cannot find|ENOENT|not found/;

/**
 * The last three stderr lines, and before them the last line that names the cause when those three do
 * not (`Error: Cannot find module '/x/y.js'` sits above the stack, `code: ...` and `Node.js v22`).
 */
export function stderrSummary(tail: readonly string[]): string {
  const last = tail.slice(-3);
  const cause = last.some((line) => STDERR_CAUSE.test(line))
    ? undefined
    : tail.slice(0, -3).findLast((line) => STDERR_CAUSE.test(line));
  const text = last.join(' | ');
  const end = text.length > 300 ? `…${text.slice(-300)}` : text;
  if (cause === undefined) return end;
  return `${cause.length > 300 ? `${cause.slice(0, 300)}…` : cause} | … | ${end}`;
}

function networkCode(error: unknown): string | undefined {
  // fetch wraps the socket error in `cause` (sometimes twice); eventsource puts it only in the message.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = errnoCode(current);
    if (code && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const match = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET)\b/.exec(messageOf(error));
  return match?.[1];
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function urlOf(config: ServerConfig): string {
  return 'url' in config ? displayUrl(config.url) : config.command;
}

/**
 * The URL as reasons show it (to users and to the agent): without credentials, query or fragment, which
 * is where remote servers commonly take API keys.
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search || parsed.hash ? '?…' : ''}`;
  } catch {
    return url;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
