/** Why an operation of the Runbyte server failed, with the data needed to act on it. */
export type RunbyteErrorCode = 'CLOSED' | 'INVALID_OPTIONS' | 'LISTEN_FAILED';

export class RunbyteError extends Error {
  override readonly name = 'RunbyteError';
  constructor(
    readonly code: RunbyteErrorCode,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The phases an execution can fail in; the text an agent sees starts with the phase's label. */
export type FailurePhase = 'bundling' | 'typecheck' | 'runtime' | 'timeout' | 'limit' | 'aborted';

const PHASE_LABELS: Record<FailurePhase, string> = {
  bundling: 'Bundling failed',
  typecheck: 'Type error',
  runtime: 'Runtime error',
  timeout: 'Timed out',
  limit: 'Limit exceeded',
  aborted: 'Aborted',
};

export interface FailureDescription {
  phase: FailurePhase;
  message: string;
  location?: { file: string; line: number; column: number };
  frame?: string;
}

const TOOL_FAILURE = /^([A-Za-z_$][\w$-]*\.[A-Za-z_$][\w$]*) failed: (?:ToolError: )?([^]*)$/;

/** One readable paragraph: "Runtime error at agent.ts:3:11: message" followed by the code frame. */
export function describeFailure(failure: FailureDescription): string {
  const where = failure.location
    ? ` at ${failure.location.file}:${failure.location.line}:${failure.location.column}`
    : '';
  // A failed tool call leads with the call, as the agent wrote it: "github.createIssue failed at agent.ts:5:9: ...".
  const call = failure.phase === 'runtime' ? TOOL_FAILURE.exec(failure.message) : null;
  const head = call
    ? `${call[1]} failed${where}: ${call[2]}`
    : `${PHASE_LABELS[failure.phase]} (${failure.phase})${where}: ${failure.message}`;
  return failure.frame ? `${head}\n${failure.frame.replace(/\s+$/, '')}` : head;
}

export { messageOf } from '@runbyte/utils';
