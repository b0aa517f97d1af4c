import { HOST_CALL_FUNCTION, unwrapOnHost } from '@runbyte/codegen';
import type { Bundle } from '@runbyte/bundler';
import type { RunResult, HostFunction } from '@runbyte/sandbox';
import { WORKSPACE_HOST_FUNCTION, workspaceHostHandler } from '@runbyte/vfs';
import { capText } from '@runbyte/utils';
import { messageOf } from './errors.js';
import { DEFAULT_RESULTS_MAX_BYTES, saveResult } from './results.js';
import { bundlingFailure, errorText, KIND_TO_PHASE, typecheckFailure } from './failures.js';
import { DEFAULT_ELICIT_TIMEOUT_MS, passThroughFor } from './pass-through.js';
import { currentClientFiles } from './client-files.js';
import type { ExecuteOptions, ExecuteOutcome, ExecutorParts, JsonValue, ToolCallRecord } from './execute-types.js';

export type * from './execute-types.js';
export { bundlingFailure, typecheckFailure };

/** Bundles agent code against the current virtual filesystem and runs its exec() in the sandbox. */
export function createExecutor(parts: ExecutorParts) {
  return async function executeCode(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const toolCalls: ToolCallRecord[] = [];
    const signal = options.signal;
    // The client's own files when the workspace is per client (set by runbyte.ts around the call).
    const files = currentClientFiles();
    const workspace = files?.workspace ?? parts.workspace;
    const results = files?.results ?? parts.results ?? workspace;

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
        return (await workspaceHostHandler(workspace)(op, rest)) as JsonValue | undefined;
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
          outcome.saved = await saveResult(results, run.fullJson, parts.resultsMaxBytes ?? DEFAULT_RESULTS_MAX_BYTES);
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
