// Failed executions in the outcome's shape: bundling and type errors, and the text of a failed call.
import { BundleError } from '@runbyte/bundler';
import type { ExecutionErrorKind } from '@runbyte/sandbox';
import { messageOf, type FailurePhase } from './errors.js';
import type { ExecuteOutcome, TypeCheckOutcome } from './execute-types.js';

// Keyed by the sandbox's kind type, so a new kind fails to compile until it has a phase.
export const KIND_TO_PHASE: Record<ExecutionErrorKind, FailurePhase> = {
  runtime: 'runtime',
  timeout: 'timeout',
  aborted: 'aborted',
  memory: 'limit',
  stack: 'limit',
  limit: 'limit',
  result: 'limit',
};

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
export function errorText(result: { content?: unknown }): string {
  const parts = Array.isArray(result.content) ? result.content : [];
  const text = parts
    .map((part: { type?: unknown; text?: unknown }) =>
      part?.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .filter(Boolean)
    .join(' ');
  return text || 'the tool returned an error result';
}
