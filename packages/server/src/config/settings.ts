// The config's `server` section, one interface per concern; RunbyteServerSettings is all of them.
import type { ApprovalFallback } from '../approvals.js';

/** How agent code runs. */
export interface ExecutionSettings {
  /** Execution timeout in SECONDS, fractions allowed (default 30), as the original Runbyte documents `"timeout": 30`. */
  timeout?: number;
  /** Memory limit of one execution in MiB (default 256). */
  memoryLimitMb?: number;
  /**
   * Worker threads that run executions (default: the number of CPUs, at most 4). Code that loops or
   * computes then never stalls the server, other sessions or downstream calls, and a cancellation stops
   * it at once. 0 runs executions on the main thread (a little faster per tool call, no isolation).
   */
  workers?: number;
  /** Type-check agent code against the generated declarations before it runs (default true). */
  typecheck?: boolean;
}

/** How downstream servers are reached and their tools called. */
export interface DownstreamSettings {
  /** Connect timeout of a downstream server in SECONDS (default 15; package runners such as `npx` get 120 on their first start). */
  connectTimeout?: number;
  /** Largest result one tool call of a stdio server may return, in MiB (default 10); a larger one fails that call only. */
  maxResultMb?: number;
  /** Check tool arguments against each tool's inputSchema before calling the server (default true). */
  validateArguments?: boolean;
  /**
   * Learn the result types of tools that declare no outputSchema from their calls and show them as the
   * functions' `Result` (default true). Kept in `<dataDir>/learned-types.json`.
   */
  learnTypes?: boolean;
}

/** Where files live. */
export interface StorageSettings {
  workspaceDir?: string;
  /**
   * Over HTTP, give each authenticated identity (each named token) its own workspace,
   * `<workspaceDir>/clients/<identity>`: its files, skills and saved results (default false: every
   * client shares /workspace). Stdio serves one client, which keeps the workspace itself.
   */
  workspacePerClient?: boolean;
  /**
   * Most MiB kept in /workspace/results, where results over the budget are saved whole (default 256);
   * the oldest go first. One result may be this large, past the workspace's per-file limit.
   */
  resultsMaxMb?: number;
  /** Runbyte's data folder (default: `<user data dir>/runbyte`, e.g. ~/.local/share/runbyte). */
  dataDir?: string;
}

/** Which calls need a person's consent. */
export interface ApprovalSettings {
  /** Globs on `server.tool` (or a tool name alone) whose calls always need a person's consent. */
  approveTools?: string[];
  /** For a client that cannot elicit: run calls that need consent (`allow`) or refuse them (`deny`, the default). */
  approvalFallback?: ApprovalFallback;
  /** SECONDS a person has to answer an approval or a forwarded elicitation (default 300); the execution's timeout stops meanwhile. */
  approvalTimeout?: number;
}

/** The HTTP transport (serveHttp's defaults). */
export interface HttpSettings {
  port?: number;
  host?: string;
  /** One shared token: its holders are the identity `token`. */
  authToken?: string;
  /** Tokens by identity (a name for the client, never the token itself), besides authToken. */
  authTokens?: Record<string, string>;
  stateless?: boolean;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  sessionTtlMs?: number;
}

export interface RunbyteServerSettings
  extends ExecutionSettings, DownstreamSettings, StorageSettings, ApprovalSettings, HttpSettings {}
