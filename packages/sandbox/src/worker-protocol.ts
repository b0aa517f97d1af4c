// Messages between the pool (parent thread) and a sandbox worker. Only JSON-like data crosses.
import type { Limits } from './limits.js';
import type { SandboxErrorCode } from './errors.js';
import type { NormalizedInput } from './run/input.js';
import type { LogEntry, RunResult } from './types.js';

export type ToWorker =
  /** Load the WASM module now: the pool loads workers one at a time (see module.ts on V8 flags). */
  | { type: 'load' }
  | {
      type: 'run';
      runId: number;
      input: NormalizedInput;
      limits: Limits;
      hostNames: string[];
      /** Int32Array over a SharedArrayBuffer: index 0 becomes non-zero when the caller aborts. */
      abortFlag: SharedArrayBuffer;
      withLogger: boolean;
      /** Post each console entry as it is written (the caller listens with onLog). */
      streamLogs: boolean;
      libraryDir?: string;
    }
  | { type: 'abort'; runId: number }
  /** Host call `callId` holds (pause) or released (resume) a pause of the run's time limit. */
  | { type: 'pause' | 'resume'; runId: number; callId: number }
  | { type: 'reply'; runId: number; callId: number; ok: true; json: string | undefined }
  | { type: 'reply'; runId: number; callId: number; ok: false; message: string; notJson?: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'loadFailed'; message: string }
  /** args: the JSON text of the guest's argument array. */
  | { type: 'call'; runId: number; callId: number; name: string; args: string }
  /** The run's signal fired (it ended): pending host calls of the run can stop. */
  | { type: 'cancel'; runId: number }
  /** heapBytes: the worker's WASM heap after the run, so the pool can retire a worker grown too big. */
  | { type: 'result'; runId: number; result: RunResult; heapBytes?: number }
  | { type: 'guestLog'; runId: number; entry: LogEntry }
  /** execute() threw: what the in-thread run() would have rejected with. */
  | { type: 'failed'; runId: number; message: string; code?: SandboxErrorCode; heapBytes?: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; data?: object };
