// One worker thread of the pool and the runs it holds. The pool decides; this file only wraps the
// thread: start, post, and what the parent knows about its state.
import { Worker } from 'node:worker_threads';
import { messageOf } from '@runbyte/utils';
import type { HostFunction, LogEntry, Logger, RunResult } from './types.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

export type WorkerState = 'starting' | 'ready' | 'retiring' | 'exited';

export interface PoolRun {
  runId: number;
  worker: PoolWorker | undefined;
  hostFunctions: Record<string, HostFunction>;
  onLog: ((entry: LogEntry) => void) | undefined;
  /** Signal of the run's host calls, as in-thread: fires when the run ends. */
  controller: AbortController;
  flag: Int32Array;
  submitted: number;
  /** When a worker began it (posted), for telling long runs apart. */
  startedAt: number | undefined;
  settled: boolean;
  /** Host calls the parent is still answering: a run waiting on them leaves its thread free. */
  callsPending: number;
  watchdog: NodeJS.Timeout;
  /** When the watchdog fires; host calls that pause the time limit move it on. */
  watchdogDue: number;
  timeoutMs: number;
  /** Pauses of the time limit held by host calls (they wait for a person), and since when. */
  pauses: number;
  pausedAt: number;
  detach: () => void;
  resolve: (result: RunResult) => void;
  reject: (error: Error) => void;
}

export class PoolWorker {
  state: WorkerState = 'starting';
  /** Runs the worker is still executing (a run the parent already settled stays until the worker reports). */
  readonly active = new Set<PoolRun>();
  lastError: string | undefined;
  /** WASM heap of the worker's module, as last reported. */
  heapBytes = 0;
  idleTimer: NodeJS.Timeout | undefined;
  onReady: ((error?: Error) => void) | undefined;
  readonly thread: Worker;

  constructor(
    entry: URL,
    private readonly logger: Logger | undefined,
    handlers: { message: (message: FromWorker) => void; exit: (code: number) => void },
  ) {
    // No inherited Node options: a worker refuses process-wide ones (--expose-gc, --max-old-space-size,
    // --input-type of `node -e` scripts...) and fails to start, and it runs only this package's built code.
    // stdout: true gives the worker its own stdout stream instead of the process's, which may be the
    // JSON-RPC channel in stdio mode. It is not read while the worker lives: a reading stream keeps the
    // process alive (Node refs the port until the worker ends), and nothing in a worker writes there
    // normally. What was written is reported when the worker stops.
    this.thread = new Worker(entry, { execArgv: [], stdout: true });
    this.thread.on('message', handlers.message);
    this.thread.on('error', (error) => {
      this.lastError = messageOf(error);
      this.logger?.error('sandbox: a worker thread failed', { error: this.lastError });
    });
    this.thread.on('exit', (code) => {
      this.state = 'exited';
      clearTimeout(this.idleTimer);
      const written: unknown = this.thread.stdout.read();
      if (written !== null) {
        this.logger?.warn('sandbox: output to stdout in a worker was dropped', { text: String(written).slice(0, 500) });
      }
      handlers.exit(code);
    });
  }

  get exited(): boolean {
    return this.state === 'exited';
  }

  /** Takes a new run now: idle, or every run it holds is waiting on a host call (its thread is free). */
  canTake(): boolean {
    if (this.state !== 'ready') return false;
    for (const run of this.active) if (run.callsPending === 0) return false;
    return true;
  }

  /** Every run it holds has been running longer than `ms`: a new run would wait behind them. */
  busyLongerThan(ms: number, now: number): boolean {
    if (this.state === 'starting') return false;
    if (this.active.size === 0) return false;
    for (const run of this.active) if (run.startedAt === undefined || now - run.startedAt < ms) return false;
    return true;
  }

  post(message: ToWorker): boolean {
    if (this.exited) return false;
    try {
      this.thread.postMessage(message);
      return true;
    } catch (error) {
      this.logger?.warn('sandbox: posting to a worker failed', { error: messageOf(error) });
      return false;
    }
  }
}
