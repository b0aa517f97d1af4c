export type SandboxErrorCode =
  'INVALID_INPUT' | 'INVALID_LIMITS' | 'INVALID_OPTIONS' | 'WASM_LOAD_FAILED' | 'WORKER_FAILED' | 'DISPOSED';

/**
 * Error of @runbyte/sandbox for misuse by the embedder (bad input, bad limits, a WASM module that does not
 * load). Failures of the guest program never throw: they come back as `{ ok: false, error }`.
 */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode;
  /** The option or input field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(code: SandboxErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'SandboxError';
    this.code = code;
    this.field = field;
  }
}
