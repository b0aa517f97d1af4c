// The shapes of an execution: what a caller passes and gets back, and what the executor is built from.
import type { Hub } from '@runbyte/hub';
import type { Bundler } from '@runbyte/bundler';
import type { Sandbox, LogEntry, Limits } from '@runbyte/sandbox';
import type { Workspace } from '@runbyte/vfs';
import type {
  ElicitRequest,
  ElicitResult,
  LoggingMessageNotification,
  Progress,
} from '@modelcontextprotocol/sdk/types.js';
import type { FailurePhase } from './errors.js';
import type { Logger } from './logger.js';
import type { Approvals } from './approvals.js';

export type { LogEntry };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ToolCallRecord {
  server: string;
  tool: string;
  durationMs: number;
  ok: boolean;
  /** Set when the call needed consent: whether it was given (a refused call never reached the server). */
  approved?: boolean;
}

export type ExecuteOutcome =
  | {
      ok: true;
      result: JsonValue | null;
      logs: LogEntry[];
      durationMs: number;
      toolCalls: ToolCallRecord[];
      /** Something the agent should know about the result, e.g. that it was truncated. */
      note?: string;
      /** Where the complete value went when it was over the result budget. */
      saved?: SavedResult;
    }
  | {
      ok: false;
      phase: FailurePhase;
      message: string;
      location?: { file: string; line: number; column: number };
      frame?: string;
      logs: LogEntry[];
      durationMs: number;
      toolCalls: ToolCallRecord[];
    };

export interface SavedResult {
  /** `/workspace/results/<id>.json` */
  path: string;
  uri: string;
  bytes: number;
}

export interface ExecuteProgress {
  elapsedMs: number;
  toolCalls: number;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  /** The name the agent's code goes by in errors and stack traces (default `agent.ts`). */
  filename?: string;
  onProgress?: (progress: ExecuteProgress) => void;
  /** Called with each console entry as the agent's code writes it. */
  onLog?: (entry: LogEntry) => void;
  /** The client that started the execution: asked for consent, and told what downstream servers report. */
  client?: ExecutionClient;
}

/** What an execution can reach of the client that started it (all optional: a plain caller has none). */
export interface ExecutionClient {
  /** Asks a person (an elicitation); absent when the client cannot elicit. */
  elicit?: (
    params: ElicitRequest['params'],
    options: { signal: AbortSignal; timeoutMs: number },
  ) => Promise<ElicitResult>;
  /** A downstream server's progress notification during one of the execution's calls. */
  onToolProgress?: (server: string, tool: string, progress: Progress) => void;
  /** A downstream server's log message while the execution had calls in flight on it. */
  onToolLog?: (server: string, message: LoggingMessageNotification['params']) => void;
}

export interface ExecutorParts {
  hub: Hub;
  bundler: Bundler;
  sandbox: Sandbox;
  workspace: Workspace;
  limits: Partial<Limits>;
  progressIntervalMs: number;
  logger: Logger;
  /** Where results over the budget are saved; default `workspace`. */
  results?: Workspace;
  /** Most bytes kept in /workspace/results; the oldest results go first. Default 256 MiB. */
  resultsMaxBytes?: number;
  /** Which calls need a person's consent; without it none do. */
  approvals?: Approvals;
  /** How long a person has to answer a forwarded elicitation (default 5 minutes). */
  elicitTimeoutMs?: number;
  /** Type-checks the agent's code; a failure stops the execution before anything runs. */
  typecheck?: (code: string, filename?: string) => Promise<TypeCheckOutcome>;
}

/** What the type-checker answers (the shape of @runbyte/typecheck's TypeCheckResult). */
export type TypeCheckOutcome =
  | { ok: true }
  | {
      ok: false;
      diagnostics: { file: string; line: number; column: number; message: string; frame?: string }[];
    };
