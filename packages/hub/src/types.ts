import type { Logger } from '@runbyte/utils';
import type {
  ElicitRequest,
  ElicitResult,
  LoggingMessageNotification,
  Progress,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolFilter } from './tool-filter.js';
import type { CredentialStore } from './auth/store.js';
import type { LearnedResults } from './learn/store.js';

/** A local server started as a child process, spoken to over stdin/stdout. */
export interface StdioServerConfig {
  type?: 'stdio';
  command: string;
  args?: string[];
  /** Merged over the parent's environment (process.env). */
  env?: Record<string, string>;
  cwd?: string;
  /** Connect timeout of this server in ms; overrides HubOptions.connectTimeoutMs and the package-runner default. */
  connectTimeoutMs?: number;
}

/**
 * A remote server. `type` `http` / `streamable-http` is Streamable HTTP, `sse` the legacy HTTP+SSE transport;
 * without `type`, Streamable HTTP is tried first and SSE is the fallback.
 */
export interface RemoteServerConfig {
  type?: 'http' | 'streamable-http' | 'sse';
  url: string;
  /** Sent with every request (for SSE: the stream's GET and every POST). */
  headers?: Record<string, string>;
  /** Connect timeout of this server in ms; overrides HubOptions.connectTimeoutMs. */
  connectTimeoutMs?: number;
  /** OAuth 2.1 client settings; without them a server that asks for OAuth gets dynamic client registration. */
  oauth?: OAuthSettings;
}

/** How Runbyte presents itself to a server's authorization server. */
export interface OAuthSettings {
  /** A client registered by hand with the authorization server (no dynamic registration then). */
  clientId?: string;
  /** The secret of `clientId`, for confidential clients. */
  clientSecret?: string;
  /** Scopes to ask for when the server does not name them itself. */
  scopes?: string[];
  /** Loopback port of the login redirect `http://127.0.0.1:<port>/callback` (default: a free one). */
  redirectPort?: number;
}

export type ServerConfig = StdioServerConfig | RemoteServerConfig;

export type { Logger } from '@runbyte/utils';

export interface HubOptions {
  logger?: Logger;
  /** Default limit of one tool call, in ms (per call: `callTool(..., { timeoutMs })`). Default 60_000. */
  callTimeoutMs?: number;
  /** Limit for connecting (spawn or HTTP), `initialize` and `tools/list`, in ms. Default 15_000. */
  connectTimeoutMs?: number;
  /** First-connect timeout of a package runner (`npx`, `pnpm dlx`, `bunx`, `uvx`, `docker run`...) until it has once been ready, in ms. Default 120_000. */
  firstStartTimeoutMs?: number;
  /**
   * Largest message a server may send, in bytes (a stdio line, an HTTP response body, an SSE event): a tool
   * result past it fails that one call with its size and the connection is kept (default 10 MiB, the SDK's
   * stdio limit).
   */
  maxResultBytes?: number;
  /** Delay before retrying an unavailable server: doubles from `initialMs` up to `maxMs`. Defaults 1_000 and 60_000. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Sent to every server in `initialize`. Default `{ name: 'runbyte-hub', version: <package version> }`. */
  clientInfo?: { name: string; version: string };
  /**
   * Check each call's arguments against the tool's inputSchema before sending it (default true). A bad
   * call gets an `isError` result naming each wrong field and the server is not called; a schema that
   * cannot be compiled is not checked.
   */
  validateArguments?: boolean;
  /**
   * A JSON file (in Runbyte's data folder) where the result shapes of tools without an outputSchema are
   * learned from their calls and kept; `ServerState.learned` shows them. Unset: nothing is learned.
   */
  learnTypesFile?: string;
  /** Per server name: which tools are visible and callable (see ToolFilter). Servers without one show all. */
  toolFilters?: Record<string, ToolFilter>;
  /**
   * Where OAuth credentials of remote servers are kept. With it, a server that answers 401 with OAuth
   * metadata is "needs-login" until its credentials appear (picked up without a restart); tokens are
   * refreshed and saved here. Without it such a server is "unavailable".
   */
  credentials?: CredentialStore;
  /** The command a person runs to log in, shown in reasons. Default `runbyte login <server>`. */
  loginCommand?: (server: string) => string;
}

/** `needs-login`: the server wants an OAuth login that only a person can give; `error` names the command. */
export type ServerStatus = 'connecting' | 'ready' | 'unavailable' | 'needs-login' | 'closed';

export type TransportKind = 'stdio' | 'streamable-http' | 'sse';

export interface ServerState {
  name: string;
  status: ServerStatus;
  /** Why the server is unavailable, in words a user can act on. */
  error?: string;
  /** The transport of the current (or last) connection. */
  transport?: TransportKind;
  /** The last tool set the server listed; kept while it is unavailable so calls can restart it. */
  tools: Tool[];
  /** Increments every time the tool set changes (0 until the first listing). */
  toolsVersion: number;
  instructions?: string;
  /** Result types learned from calls of this server's tools that declare no outputSchema (see HubOptions.learnTypesFile). */
  learned?: LearnedResults;
}

export interface CallToolOptions {
  /** Aborting cancels the call: the server is sent `notifications/cancelled`. */
  signal?: AbortSignal;
  /** Overrides `HubOptions.callTimeoutMs` for this call. */
  timeoutMs?: number;
  /** The server's progress notifications for this call (a progressToken is sent only when given). */
  onProgress?: (progress: Progress) => void;
  /**
   * Log messages (`notifications/message`) the server sends while this call is in flight. MCP does not
   * tie a log message to a request, so a message reaches the calls in flight on that server only when
   * they all share this same function (one caller, e.g. one execution); otherwise it goes to the hub's logger.
   */
  onLog?: (message: LoggingMessageNotification['params']) => void;
  /**
   * Answers an `elicitation/create` the server sends while this call is in flight, routed as `onLog` is.
   * Without one (or when calls of different callers are in flight) the request is declined. The call's
   * timeout is stopped while it waits.
   */
  onElicit?: (request: ElicitRequest['params'], signal: AbortSignal) => Promise<ElicitResult>;
}

export type { Tool };
