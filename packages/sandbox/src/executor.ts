// The one contract behind `Sandbox.run()`: in-thread and worker execution both implement it, and one
// contract test suite (test/contract.test.ts) runs over both.
import type { Limits } from './limits.js';
import type { NormalizedInput } from './run/input.js';
import type { HostFunction, LogEntry, RunResult } from './types.js';

export interface ExecutionRequest {
  input: NormalizedInput;
  limits: Limits;
  hostFunctions: Record<string, HostFunction>;
  signal: AbortSignal | undefined;
  onLog: ((entry: LogEntry) => void) | undefined;
}

export interface Executor {
  /**
   * Runs one execution. Whatever the guest does comes back as a result; it rejects only with a
   * `SandboxError` (disposed, workers failing) or for an input that cannot be sent.
   */
  run(request: ExecutionRequest): Promise<RunResult>;
  /** Ends runs in flight and frees threads; later runs are refused by the sandbox. */
  dispose(): Promise<void>;
}
