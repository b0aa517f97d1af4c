import type { Hub } from '@runbyte/hub';
import { BundleError, type Bundler, type Bundle } from '@runbyte/bundler';
import type {
  Sandbox,
  RunResult,
  LogEntry,
  HostFunction,
  HostCallContext,
  Limits,
  ExecutionErrorKind,
} from '@runbyte/sandbox';
import { HOST_CALL_FUNCTION, unwrapOnHost } from '@runbyte/codegen';
import { WORKSPACE_HOST_FUNCTION, workspaceHostHandler, type Workspace } from '@runbyte/vfs';
import { messageOf, type FailurePhase } from './errors.js';
import { capText } from '@runbyte/utils';
import { DEFAULT_RESULTS_MAX_BYTES, saveResult } from './results.js';
import type { Logger } from './logger.js';
import type { Approvals } from './approvals.js';
import type {
  ElicitRequest,
  ElicitResult,
  LoggingMessageNotification,
  Progress,
} from '@modelcontextprotocol/sdk/types.js';

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

// Keyed by the sandbox's kind type, so a new kind fails to compile until it has a phase.
const KIND_TO_PHASE: Record<ExecutionErrorKind, FailurePhase> = {
  runtime: 'runtime',
  timeout: 'timeout',
  aborted: 'aborted',
  memory: 'limit',
  stack: 'limit',
  limit: 'limit',
  result: 'limit',
};

/** Bundles agent code against the current virtual filesystem and runs its exec() in the sandbox. */
export function createExecutor(parts: ExecutorParts) {
  return async function executeCode(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const toolCalls: ToolCallRecord[] = [];
    const signal = options.signal;

    if (signal?.aborted) {
      return {
        ok: false,
        phase: 'aborted',
        message: 'The execution was cancelled before it started.',
        logs: [],
        durationMs: 0,
        toolCalls,
      };
    }

    // The bundle is a snapshot of the generated files at this moment, so an execution keeps the tool
    // set it started with even if a downstream server changes its tools while it runs. Generated
    // functions carry the original tool names, so routing never depends on the current listing.
    let bundle: Bundle;
    try {
      bundle = await parts.bundler.bundle(code, options.filename ? { filename: options.filename } : {});
    } catch (error) {
      return { ...bundlingFailure(error), logs: [], durationMs: elapsed(), toolCalls };
    }
    // After bundling, whose messages for unresolved imports are the more helpful, and before anything runs.
    const checked = parts.typecheck ? await parts.typecheck(code, options.filename) : undefined;
    if (checked && !checked.ok)
      return { ...typecheckFailure(checked.diagnostics), logs: [], durationMs: elapsed(), toolCalls };

    const client = options.client;
    const gate = parts.approvals?.forExecution(
      client?.elicit ? { elicit: (params, opts) => client.elicit!(params, opts) } : undefined,
    );
    const passThrough = passThroughFor(client, parts.elicitTimeoutMs ?? DEFAULT_ELICIT_TIMEOUT_MS);

    const hostFunctions: Record<string, HostFunction> = {
      [HOST_CALL_FUNCTION]: async (args, ctx) => {
        const [server, tool, toolArgs] = args;
        if (typeof server !== 'string' || typeof tool !== 'string') {
          throw new Error('callTool(server, tool, args) needs a server name and a tool name as strings.');
        }
        if (toolArgs !== undefined && toolArgs !== null && (typeof toolArgs !== 'object' || Array.isArray(toolArgs))) {
          throw new Error(
            `The arguments of ${server}.${tool} must be one object, got ${Array.isArray(toolArgs) ? 'an array' : typeof toolArgs}.`,
          );
        }
        const callStarted = performance.now();
        const record: ToolCallRecord = { server, tool, durationMs: 0, ok: false };
        let failure: string | undefined;
        toolCalls.push(record);
        passThrough?.live.add(ctx);
        try {
          const pending = gate?.decide(server, tool, toolArgs, ctx);
          if (pending) {
            const decision = await pending;
            record.approved = decision.approved;
            if (!decision.approved) {
              failure = `not approved: ${decision.why}`;
              // An error result, so the guest's runtime rejects with a ToolError it can catch.
              return { isError: true, content: [{ type: 'text', text: failure }] };
            }
          }
          // The sandbox aborts ctx.signal whenever the run ends, the caller's abort included, so it
          // alone cancels the downstream call (no per-call AbortSignal.any on the hot path).
          const result = await parts.hub.callTool(
            server,
            tool,
            (toolArgs ?? undefined) as Record<string, unknown> | undefined,
            passThrough ? { signal: ctx.signal, ...passThrough.callOptions(server, tool) } : { signal: ctx.signal },
          );
          record.ok = result.isError !== true;
          if (!record.ok) failure = errorText(result);
          // Unwrapped here, where JSON parsing is fast; the guest's runtime returns the marked value as is.
          return unwrapOnHost(result) as JsonValue;
        } catch (error) {
          failure = messageOf(error);
          throw error;
        } finally {
          passThrough?.live.delete(ctx);
          record.durationMs = Math.round(performance.now() - callStarted);
          parts.logger.debug('tool call', {
            server,
            tool,
            durationMs: record.durationMs,
            outcome: record.ok ? 'ok' : 'failed',
            ...(record.approved !== undefined ? { approved: record.approved } : {}),
            ...(failure !== undefined ? { error: capText(failure, 500) } : {}),
          });
        }
      },
      [WORKSPACE_HOST_FUNCTION]: async (args) => {
        const [op, ...rest] = args;
        if (typeof op !== 'string') throw new Error('The @runbyte/fs bridge needs an operation name.');
        return (await workspaceHostHandler(parts.workspace)(op, rest)) as JsonValue | undefined;
      },
    };

    const timer = options.onProgress
      ? setInterval(() => {
          try {
            options.onProgress?.({ elapsedMs: elapsed(), toolCalls: toolCalls.length });
          } catch (error) {
            parts.logger.debug('progress listener failed', { error: messageOf(error) });
          }
        }, parts.progressIntervalMs)
      : undefined;

    let run: RunResult;
    try {
      run = await parts.sandbox.run(bundle, {
        hostFunctions,
        limits: parts.limits,
        ...(signal ? { signal } : {}),
        ...(options.onLog ? { onLog: options.onLog } : {}),
      });
    } catch (error) {
      // The sandbox reports guest failures in its result; a throw here is a failure of the host side.
      parts.logger.error('sandbox failed to run an execution', { error: messageOf(error) });
      return { ok: false, phase: 'runtime', message: messageOf(error), logs: [], durationMs: elapsed(), toolCalls };
    } finally {
      if (timer) clearInterval(timer);
    }

    if (run.ok) {
      const outcome: ExecuteOutcome = {
        ok: true,
        result: run.value ?? null,
        logs: run.logs,
        durationMs: run.durationMs,
        toolCalls,
      };
      const note = [run.truncated, run.dropped].filter((part) => part !== undefined && part !== '').join(' ');
      if (note) outcome.note = note;
      if (run.fullJson !== undefined) {
        try {
          outcome.saved = await saveResult(
            parts.results ?? parts.workspace,
            run.fullJson,
            parts.resultsMaxBytes ?? DEFAULT_RESULTS_MAX_BYTES,
          );
          outcome.note = `${outcome.note ?? 'The result was shrunk.'} The complete value is saved as ${outcome.saved.path} (${outcome.saved.bytes} bytes): read it in pages with read_file (offset, limit) or from code with readJSON.`;
        } catch (error) {
          parts.logger.warn('could not save a large result', { error: messageOf(error) });
          outcome.note = `${outcome.note ?? ''} The complete value could not be saved: ${messageOf(error)}`.trim();
        }
      }
      return outcome;
    }
    const { error } = run;
    // Name the tool call that failed when it was the last one made, unless the message already does.
    const lastCall = toolCalls.at(-1);
    const failedCall = lastCall && !lastCall.ok ? lastCall : undefined;
    const callName = failedCall ? `${failedCall.server}.${failedCall.tool}` : undefined;
    const outcome: ExecuteOutcome = {
      ok: false,
      phase: KIND_TO_PHASE[error.kind],
      message: callName && !error.message.includes(callName) ? `${callName} failed: ${error.message}` : error.message,
      logs: run.logs,
      durationMs: run.durationMs,
      toolCalls,
    };
    if (error.location) outcome.location = error.location;
    if (error.frame) outcome.frame = error.frame;
    return outcome;
  };
}

const DEFAULT_ELICIT_TIMEOUT_MS = 5 * 60_000;

/**
 * The hub's per-call handlers that hand what a downstream server reports or asks during a call to the
 * client that started the execution. onLog and onElicit are one function per execution: the hub routes
 * a server's message to the calls in flight only when they share it.
 */
function passThroughFor(client: ExecutionClient | undefined, elicitTimeoutMs: number) {
  if (!client) return undefined;
  // Calls of this execution in flight: a forwarded elicitation pauses the run's clock through one of them.
  const live = new Set<HostCallContext>();
  const onLog = client.onToolLog;
  const elicit = client.elicit;
  const onElicit = async (request: ElicitRequest['params'], signal: AbortSignal): Promise<ElicitResult> => {
    const ctx = live.values().next().value;
    if (!elicit || !ctx) return { action: 'decline' };
    const { _meta: _dropped, ...params } = request as ElicitRequest['params'] & { _meta?: unknown };
    const resume = ctx.pauseTimeout();
    try {
      return await elicit(params as ElicitRequest['params'], {
        signal: AbortSignal.any([signal, ctx.signal]),
        timeoutMs: elicitTimeoutMs,
      });
    } finally {
      resume();
    }
  };
  const logs = new Map<string, (message: LoggingMessageNotification['params']) => void>();
  const logFor = (server: string) => {
    let fn = logs.get(server);
    if (!fn && onLog) logs.set(server, (fn = (message) => onLog(server, message)));
    return fn;
  };
  return {
    live,
    callOptions(server: string, tool: string) {
      const onToolProgress = client.onToolProgress;
      const log = logFor(server);
      return {
        ...(onToolProgress ? { onProgress: (progress: Progress) => onToolProgress(server, tool, progress) } : {}),
        ...(log ? { onLog: log } : {}),
        onElicit,
      };
    },
  };
}

export function bundlingFailure(
  error: unknown,
): Pick<Extract<ExecuteOutcome, { ok: false }>, 'ok' | 'phase' | 'message' | 'location' | 'frame'> {
  const first = error instanceof BundleError ? error.diagnostics[0] : undefined;
  const failure: Pick<Extract<ExecuteOutcome, { ok: false }>, 'ok' | 'phase' | 'message' | 'location' | 'frame'> = {
    ok: false,
    phase: 'bundling',
    message: first?.message ?? messageOf(error),
  };
  if (first) failure.location = { file: first.file, line: first.line, column: first.column };
  if (first?.frame) failure.frame = first.frame;
  return failure;
}

/** The first error with its frame; the others follow it in the frame, each with its own location. */
export function typecheckFailure(
  diagnostics: Extract<TypeCheckOutcome, { ok: false }>['diagnostics'],
): Pick<Extract<ExecuteOutcome, { ok: false }>, 'ok' | 'phase' | 'message' | 'location' | 'frame'> {
  const [first, ...rest] = diagnostics;
  const more = rest.length > 0 ? ` (${rest.length + 1} errors, the others below)` : '';
  const failure: Pick<Extract<ExecuteOutcome, { ok: false }>, 'ok' | 'phase' | 'message' | 'location' | 'frame'> = {
    ok: false,
    phase: 'typecheck',
    message: `${first?.message ?? 'the code does not type-check'}${more}\nNothing ran: no tool was called.`,
  };
  if (!first) return failure;
  failure.location = { file: first.file, line: first.line, column: first.column };
  const frames = [
    first.frame ?? '',
    ...rest.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}${d.frame ? `\n${d.frame}` : ''}`),
  ].filter(Boolean);
  if (frames.length > 0) failure.frame = frames.join('\n\n');
  return failure;
}

/** The text of an `isError` result, for the log line of a failed call. */
function errorText(result: { content?: unknown }): string {
  const parts = Array.isArray(result.content) ? result.content : [];
  const text = parts
    .map((part: { type?: unknown; text?: unknown }) =>
      part?.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .filter(Boolean)
    .join(' ');
  return text || 'the tool returned an error result';
}
