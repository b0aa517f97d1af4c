export { createSandbox, STRING_INPUT_MODULE } from './sandbox.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { SANDBOX_GLOBALS_DTS } from './globals/globals-dts.js';
export { SandboxError, type SandboxErrorCode } from './errors.js';
export type {
  JsonValue,
  HostFunction,
  HostCallContext,
  RunInput,
  RunOptions,
  RunResult,
  LogEntry,
  ExecutionErrorInfo,
  ExecutionErrorKind,
  Sandbox,
  SandboxOptions,
  Logger,
} from './types.js';
