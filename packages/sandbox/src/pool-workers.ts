// The threads of the worker pool: starting them (one WASM load at a time), and retiring idle ones
// (beyond `minWorkers`, or past the heap bound). Scheduling runs on them is worker-pool.ts.
import type { Worker } from 'node:worker_threads';
import { MAX_HEAP_BYTES } from './heap-budget.js';
import { PoolWorker } from './pool-worker.js';
import type { Logger } from './types.js';
import type { FromWorker } from './worker-protocol.js';

/** Workers that die before loading, in a row, before the pool gives up instead of respawning forever. */
export const MAX_FAILED_STARTS = 3;
/** A run older than this holds its worker "long": with every worker so held, an extra one starts. */
export const LONG_RUN_MS = 1_000;
/** Workers beyond `size` started for runs queued behind long runs. */
export const EXTRA_WORKERS = 2;

export interface PoolOptions {
  logger: Logger | undefined;
  libraryDir: string | undefined;
  /** Workers kept while idle (default 1, at most `size`). */
  minWorkers?: number | undefined;
  /** How long a worker beyond `minWorkers` stays idle before it is retired (default 30 s). */
  idleMs?: number | undefined;
  /** A worker whose WASM heap is past this once its runs end is retired (default 512 MiB). */
  maxHeapBytes?: number | undefined;
}

export function workerEntryUrl(): URL {
  // Built, this file is dist/pool-workers.js beside dist/worker-entry.js. Run from its TypeScript source
  // (vitest), a worker thread cannot load .ts files, so the build of the same sources is used.
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/worker-entry.js', here) : new URL('./worker-entry.js', here);
}

export abstract class WorkerSet {
  protected readonly workers: PoolWorker[] = [];
  protected failedStarts = 0;
  /** Workers load the WASM module one at a time: module.ts flips a process-wide V8 flag around the compile. */
  private loadChain: Promise<unknown> = Promise.resolve();
  protected readonly minWorkers: number;
  protected readonly idleMs: number;
  protected readonly maxHeapBytes: number;

  protected constructor(
    private readonly entry: URL,
    protected readonly size: number,
    protected readonly options: PoolOptions,
  ) {
    this.minWorkers = Math.min(size, options.minWorkers ?? 1);
    this.idleMs = options.idleMs ?? 30_000;
    this.maxHeapBytes = options.maxHeapBytes ?? MAX_HEAP_BYTES;
  }

  /** The worker threads (for tests). */
  threads(): Worker[] {
    return this.workers.map((w) => w.thread);
  }

  protected abstract onMessage(worker: PoolWorker, message: FromWorker): void;
  protected abstract onExit(worker: PoolWorker, code: number): void;

  protected spawn(): Promise<void> {
    const worker: PoolWorker = new PoolWorker(this.entry, this.options.logger, {
      message: (message) => this.onMessage(worker, message),
      exit: (code) => this.onExit(worker, code),
    });
    this.workers.push(worker);
    const ready = new Promise<void>((resolve, reject) => {
      worker.onReady = (error) => {
        worker.onReady = undefined;
        if (error) reject(error);
        else resolve();
      };
    });
    // The load chain may reach this worker after it died; its rejection is read through `load`.
    ready.catch(() => undefined);
    const load = this.loadChain.then(() => {
      if (!worker.exited) worker.post({ type: 'load' });
      return ready;
    });
    this.loadChain = load.catch(() => undefined);
    return load;
  }

  /** An idle worker: unref'd, retired now if its heap grew too big, later if the pool has more than it keeps. */
  protected settleIdle(worker: PoolWorker): void {
    if (worker.exited || worker.active.size > 0) return;
    worker.thread.unref();
    clearTimeout(worker.idleTimer);
    if (worker.heapBytes > this.maxHeapBytes) {
      this.options.logger?.info('sandbox: retiring a worker whose WASM heap grew past the bound', {
        heapBytes: worker.heapBytes,
      });
      this.retire(worker);
      return;
    }
    worker.idleTimer = setTimeout(() => {
      const kept = this.workers.filter((w) => w.state === 'ready' && w !== worker).length;
      if (worker.active.size === 0 && kept >= this.minWorkers) this.retire(worker);
    }, this.idleMs);
    worker.idleTimer.unref();
  }

  protected retire(worker: PoolWorker): void {
    worker.state = 'retiring';
    void worker.thread.terminate();
  }
}
