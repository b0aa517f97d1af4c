import type { Logger } from '@runbyte/utils';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolFilter } from './tool-filter.js';
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
}

export type ServerStatus = 'connecting' | 'ready' | 'unavailable' | 'closed';

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
  signal?: AbortSignal;
  /** Overrides `HubOptions.callTimeoutMs` for this call. */
  timeoutMs?: number;
}

export type { Tool };
