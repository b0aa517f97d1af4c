import type { Logger } from '@runbyte/utils';
import type { Limits } from './limits.js';

/** A value that survives JSON: the only kind of data that crosses the sandbox boundary. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Context of one host function call. */
export interface HostCallContext {
  /** Fires when the execution ends (exec settled, timeout, abort): stop work nobody will read. */
  signal: AbortSignal;
  /**
   * Stops the run's time limit until the returned function is called (once; later calls do nothing),
   * for a call that waits for a person. Pauses of concurrent calls nest: the clock runs when none is held.
   */
  pauseTimeout(): () => void;
}

/**
 * A host function exposed to the guest as an async global. It receives the guest's arguments as JSON
 * values; what it returns (or resolves to) is given back as JSON. A throw or rejection rejects the guest's
 * promise with an Error carrying only the message.
 */
export type HostFunction = (
  args: JsonValue[],
  ctx: HostCallContext,
) => Promise<JsonValue | undefined> | JsonValue | undefined;

/** A module graph (a `Bundle` from @runbyte/bundler is one). */
export interface RunInput {
  /** Module name of the entry. */
  entry: string;
  /** ES module JavaScript by module name, with an optional JSON source map. */
  modules: Record<string, { code: string; map?: string }>;
  /** importer → import specifier → module name. An import of a known module name needs no link. */
  links?: Record<string, Record<string, string>>;
  /** Export of `entry` called exactly once (default `'exec'`). */
  exportName?: string;
}

export interface RunOptions {
  /** Exposed to the guest as async global functions of the same names. */
  hostFunctions?: Record<string, HostFunction>;
  /** Overrides the sandbox's limits for this run. */
  limits?: Partial<Limits>;
  /** Aborting stops the execution (kind `'aborted'`). */
  signal?: AbortSignal;
  /** Called with each console entry as the guest writes it (the result's `logs` hold them all too). */
  onLog?: (entry: LogEntry) => void;
}

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

export type ExecutionErrorKind = 'runtime' | 'timeout' | 'memory' | 'stack' | 'aborted' | 'limit' | 'result';

export interface ExecutionErrorInfo {
  kind: ExecutionErrorKind;
  /** One line a user can act on; never contains host paths. */
  message: string;
  /** Frames of the input's modules only, mapped through their source maps. */
  stack?: string;
  /** Where the error happened in the user's file (1-based line and column). */
  location?: { file: string; line: number; column: number };
  /** A few lines of the user's source around `location`, with a caret. */
  frame?: string;
}

export type RunResult =
  | {
      ok: true;
      value: JsonValue | null;
      logs: LogEntry[];
      durationMs: number;
      truncated?: string;
      /** With `truncated`: the complete value as JSON, for the host to keep somewhere other than the context. */
      fullJson?: string;
      /** Which values were not JSON and were dropped (undefined) or converted (functions, NaN, ...). */
      dropped?: string;
    }
  | { ok: false; error: ExecutionErrorInfo; logs: LogEntry[]; durationMs: number };

export interface Sandbox {
  /**
   * Runs a module graph, or a string of JavaScript (one ES module named `main.js`), and calls its
   * `exec` export once. Never rejects because of the guest: failures are `{ ok: false }`.
   */
  run(input: RunInput | string, options?: RunOptions): Promise<RunResult>;
  /**
   * Stops the worker threads (worker mode); runs still in flight end with `ok: false`. Later `run()` calls
   * reject with `SandboxError{code:'DISPOSED'}`. Safe to call more than once, and in in-thread mode.
   */
  dispose(): Promise<void>;
}

export type { Logger } from '@runbyte/utils';

export interface SandboxOptions {
  /** Defaults of every run; each run may override them. */
  limits?: Partial<Limits>;
  logger?: Logger;
  /**
   * Runs executions in this many long-lived worker threads instead of the calling thread, so guest code
   * in a synchronous loop never blocks the host's event loop. 0 or undefined: in-thread (the default).
   */
  workers?: number;
  /**
   * Folder of generated library modules (e.g. `/servers/` from @runbyte/codegen): an error's location
   * and code frame point at the first frame outside it, the user's own line. None by default.
   */
  libraryDir?: string;
  /** Worker mode: workers kept while idle (default 1); the others start on demand. */
  minWorkers?: number;
  /** Worker mode: how long a worker beyond `minWorkers` may stay idle before it stops (default 30 s). */
  workerIdleMs?: number;
  /**
   * Worker mode: a worker whose WASM heap grew past this (default 512 MiB) is replaced once its runs end,
   * so the memory goes back to the system (WebAssembly memory never shrinks).
   */
  maxWorkerHeapBytes?: number;
}
