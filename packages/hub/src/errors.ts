import { capText } from '@runbyte/utils';

/**
 * Longest message (and reason) of a HubError. Most quote a downstream server (its JSON-RPC error, its
 * stderr), which can be megabytes: uncapped, that text is copied into every reply and log line.
 */
export const MAX_ERROR_CHARS = 4_000;

export type HubErrorCode =
  | 'INVALID_CONFIG'
  | 'UNKNOWN_SERVER'
  | 'UNKNOWN_TOOL'
  /** The tool exists but the config's tool filter hides it. */
  | 'TOOL_HIDDEN'
  | 'SERVER_UNAVAILABLE'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'TRANSPORT'
  | 'REQUEST_FAILED'
  | 'CLOSED'
  /** The server needs an OAuth login: `reason` names the command that gives it. */
  | 'NEEDS_LOGIN'
  /** `loginServer` could not finish the OAuth flow. */
  | 'LOGIN_FAILED';

export interface HubErrorDetails {
  server?: string;
  tool?: string;
  /** UNKNOWN_SERVER: the configured servers; UNKNOWN_TOOL: the server's tools, closest matches first. */
  available?: string[];
  /** SERVER_UNAVAILABLE: why the server is unavailable, as shown in its state. */
  reason?: string;
  /** TIMEOUT: the limit that was exceeded. */
  timeoutMs?: number;
  /** REQUEST_FAILED: the JSON-RPC error code the server answered with. */
  rpcCode?: number;
  cause?: unknown;
}

/**
 * Error of @runbyte/hub. `code` says what went wrong; `server`, `tool`, `available` and `reason` say
 * what to fix. Tool results with `isError: true` are not errors: they are returned as results.
 */
export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly server: string | undefined;
  readonly tool: string | undefined;
  readonly available: string[] | undefined;
  readonly reason: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly rpcCode: number | undefined;

  constructor(code: HubErrorCode, message: string, details: HubErrorDetails = {}) {
    super(capText(message, MAX_ERROR_CHARS), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HubError';
    this.code = code;
    this.server = details.server;
    this.tool = details.tool;
    this.available = details.available;
    this.reason = details.reason === undefined ? undefined : capText(details.reason, MAX_ERROR_CHARS);
    this.timeoutMs = details.timeoutMs;
    this.rpcCode = details.rpcCode;
  }
}

/** The UNKNOWN_TOOL error of a server, naming the closest of the tools it has (`available`, closest first). */
export function unknownToolError(server: string, tool: string, available: string[]): HubError {
  const shown = available.slice(0, 10).join(', ');
  return new HubError(
    'UNKNOWN_TOOL',
    `Server "${server}" has no tool "${tool}". ${available.length === 0 ? 'It lists no tools.' : `Closest: ${shown}${available.length > 10 ? `, … (${available.length} in all)` : ''}.`}`,
    { server, tool, available },
  );
}
