import type { Logger } from './logger.js';

export interface HttpServeOptions {
  /** Interface to bind (default 127.0.0.1). Beyond loopback, set authToken. */
  host?: string;
  /** Port (default 3000; 0 picks a free one). */
  port?: number;
  /** Require `Authorization: Bearer <authToken>` on the MCP endpoints. */
  authToken?: string;
  /**
   * Tokens by client name, accepted besides authToken. Each name is an identity: a session belongs to
   * the identity that opened it, and another identity gets 404 for it (use or DELETE).
   */
  authTokens?: Record<string, string>;
  /** One fresh server per request and no sessions, for replicas behind a load balancer. */
  stateless?: boolean;
  /** Close a session after this long without requests (default 30 min). */
  sessionTtlMs?: number;
  /** Hostnames accepted in the Host header (default: the loopback names when bound to loopback). */
  allowedHosts?: string[];
  /** Origins accepted from browsers, e.g. "https://app.example.com" (loopback origins pass by default). */
  allowedOrigins?: string[];
  /**
   * Most stateful sessions open at once (default 100). At the limit a new session replaces the one idle
   * longest; initialize gets a 503 only when every session has a request open.
   */
  maxSessions?: number;
  /** Largest accepted request body (default 4 MiB). */
  maxBodyBytes?: number;
  logger?: Logger;
}

export interface HttpServerHandle {
  /** The MCP endpoint, e.g. http://127.0.0.1:3000/mcp (also served on /). */
  url: string;
  port: number;
  host: string;
  /** Number of open stateful sessions. */
  readonly sessions: number;
  /** Ends every session (cancelling its executions) and stops listening. Does not close the Runbyte. */
  close(): Promise<void>;
}
