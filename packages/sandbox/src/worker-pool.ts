// Worker mode: executions run in worker threads, so a guest in a synchronous loop never blocks this
// thread's event loop. Runs wait in one FIFO queue and go to a worker whose thread is free (idle, or
// every run on it awaiting a host call). Workers start on demand up to `size`; when every worker is
// busy with long runs, up to EXTRA_WORKERS more start so a trivial run never waits for another run's
// timeout. Idle workers beyond `minWorkers` retire, and so does a worker whose WASM heap grew past
// `maxHeapBytes` (WASM memory never shrinks; a new thread gives it back).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messageOf } from '@runbyte/utils';
import { SandboxError } from './errors.js';
import type { ExecutionRequest, Executor } from './executor.js';
import type { PoolRun, PoolWorker } from './pool-worker.js';
import {
  EXTRA_WORKERS,
  LONG_RUN_MS,
  MAX_FAILED_STARTS,
  WorkerSet,
  workerEntryUrl,
  type PoolOptions,
} from './pool-workers.js';
import { abortFallback, armWatchdog, pauseTimeout, WATCHDOG_GRACE_MS } from './pool-deadlines.js';
import { answerHostCall, lostResult, newPoolRun, runMessage, settleRun } from './pool-messages.js';
import type { RunResult } from './types.js';
import type { FromWorker } from './worker-protocol.js';

const pools = new WeakMap<object, WorkerPool>();

/** Test hook: the pool behind a worker-mode sandbox. */
export function poolOf(sandbox: object): WorkerPool | undefined {
  return pools.get(sandbox);
}

export function registerPool(sandbox: object, pool: WorkerPool): void {
  pools.set(sandbox, pool);
}

export class WorkerPool extends WorkerSet implements Executor {
  private readonly runs = new Map<number, PoolRun>();
  private readonly queue: PoolRun[] = [];
  private readonly requests = new Map<PoolRun, ExecutionRequest>();
  private runSeq = 0;
  private disposed = false;
  private broken: string | undefined;
  /** Re-checks the queue while runs wait behind long runs. */
  private queueTimer: NodeJS.Timeout | undefined;

  /** Starts `minWorkers` workers (the rest start on demand) and resolves once they have loaded. */
  static async start(size: number, options: PoolOptions): Promise<WorkerPool> {
    const entry = workerEntryUrl();
    if (!existsSync(fileURLToPath(entry))) {
      throw new SandboxError(
        'WORKER_FAILED',
        'The sandbox worker script is missing from @runbyte/sandbox: build the package (pnpm --filter @runbyte/sandbox build) or run without `workers`.',
        'workers',
      );
    }
    const pool = new WorkerPool(entry, size, options);
    const outcomes = await Promise.allSettled(Array.from({ length: pool.minWorkers }, () => pool.spawn()));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await pool.dispose();
      throw failed.reason;
    }
    return pool;
  }

  run(request: ExecutionRequest): Promise<RunResult> {
    if (this.disposed)
      return Promise.reject(
        new SandboxError('DISPOSED', 'This sandbox was disposed; create a new one with createSandbox().'),
      );
    if (this.broken) return Promise.reject(new SandboxError('WORKER_FAILED', this.broken, 'workers'));
    const { limits, signal } = request;
    if (signal?.aborted) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'aborted', message: 'The execution was aborted before it started.' },
        logs: [],
        durationMs: 0,
      });
    }
    return new Promise<RunResult>((resolve, reject) => {
      const run = newPoolRun(++this.runSeq, request, resolve, reject, () => this.onWatchdog(run, limits.timeoutMs));
      if (signal) {
        const onAbort = () => this.onAbort(run);
        signal.addEventListener('abort', onAbort, { once: true });
        run.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.runs.set(run.runId, run);
      this.requests.set(run, request);
      this.queue.push(run);
      this.dispatch();
    });
  }

  /** Test hook: what the pool still holds per run (all 0 once runs have ended). */
  tracked(): { runs: number; queued: number; requests: number; active: number } {
    const active = this.workers.reduce((n, w) => n + w.active.size, 0);
    return { runs: this.runs.size, queued: this.queue.length, requests: this.requests.size, active };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.queueTimer);
    for (const run of this.queue.splice(0)) {
      this.finish(run, lostResult(run, 'runtime', 'The sandbox was disposed while this execution was running.'));
    }
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }

  /** Posts queued runs, in order, to workers that can take them; starts workers when none can. */
  private dispatch(): void {
    clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
    while (this.queue.length > 0 && !this.disposed) {
      const worker = this.workers.find((w) => w.canTake());
      if (!worker) break;
      this.post(this.queue.shift()!, worker);
    }
    if (this.queue.length === 0 || this.disposed || this.broken) return;
    const now = performance.now();
    const starting = this.workers.filter((w) => w.state === 'starting').length;
    const live = this.workers.filter((w) => w.state !== 'retiring').length;
    const allLong = this.workers.every((w) => w.state !== 'ready' || w.busyLongerThan(LONG_RUN_MS, now));
    const wanted = this.queue.length - starting;
    if (wanted > 0 && (live < this.size || (allLong && live < this.size + EXTRA_WORKERS))) {
      this.spawn().catch((error: unknown) =>
        this.options.logger?.error('sandbox: a worker failed to start', { error: messageOf(error) }),
      );
    }
    // Runs still wait: look again when the runs in the way may have become long.
    this.queueTimer = setTimeout(() => this.dispatch(), LONG_RUN_MS / 4);
    this.queueTimer.unref();
  }

  private post(run: PoolRun, worker: PoolWorker): void {
    const request = this.requests.get(run)!;
    this.requests.delete(run);
    run.worker = worker;
    run.startedAt = performance.now();
    clearTimeout(worker.idleTimer);
    if (worker.active.size === 0) worker.thread.ref();
    worker.active.add(run);
    // The worker enforces the deadline itself; the parent waits a grace past it.
    run.watchdogDue = run.submitted + request.limits.timeoutMs + WATCHDOG_GRACE_MS;
    armWatchdog(run, () => this.onWatchdog(run, run.timeoutMs));
    const message = runMessage(run, request, this.options);
    if (!worker.post(message)) {
      this.release(run);
      this.finish(
        run,
        new SandboxError(
          'INVALID_INPUT',
          'The input could not be sent to a sandbox worker thread: RunInput must hold only strings and plain objects.',
          'input',
        ),
      );
    }
  }

  private onWatchdog(run: PoolRun, timeoutMs: number): void {
    // Not reported by its deadline: queued, or another run of its worker holds the thread in a loop. The
    // worker's own interrupt handler ends the run once it gets the thread; the caller hears now.
    Atomics.store(run.flag, 0, 1);
    this.unqueue(run);
    this.finish(
      run,
      lostResult(run, 'timeout', `The execution took longer than the ${timeoutMs} ms time limit and was stopped.`),
    );
  }

  private onAbort(run: PoolRun): void {
    Atomics.store(run.flag, 0, 1);
    if (this.unqueue(run)) {
      this.finish(run, lostResult(run, 'aborted', 'The execution was aborted by the caller.'));
      return;
    }
    run.worker?.post({ type: 'abort', runId: run.runId });
    abortFallback(run, () => this.finish(run, lostResult(run, 'aborted', 'The execution was aborted by the caller.')));
  }

  private unqueue(run: PoolRun): boolean {
    const index = this.queue.indexOf(run);
    if (index < 0) return false;
    this.queue.splice(index, 1);
    this.requests.delete(run);
    this.runs.delete(run.runId);
    return true;
  }

  protected onMessage(worker: PoolWorker, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        worker.state = 'ready';
        this.failedStarts = 0;
        worker.onReady?.();
        this.settleIdle(worker);
        this.dispatch();
        break;
      case 'loadFailed':
        worker.onReady?.(new SandboxError('WASM_LOAD_FAILED', message.message));
        break;
      case 'call': {
        const run = this.runs.get(message.runId);
        if (run) run.callsPending++;
        answerHostCall(
          worker,
          run,
          message,
          () => {
            if (run) run.callsPending--;
          },
          () => pauseTimeout(worker, run!, message.callId, () => this.onWatchdog(run!, run!.timeoutMs)),
        );
        // The run awaits the host: its worker's thread may be free for the next queued run.
        if (this.queue.length > 0) this.dispatch();
        break;
      }
      case 'cancel':
        this.runs.get(message.runId)?.controller.abort();
        break;
      case 'result':
      case 'failed': {
        worker.heapBytes = message.heapBytes ?? worker.heapBytes;
        const run = this.runs.get(message.runId);
        if (run) {
          this.release(run);
          if (message.type === 'result') this.finish(run, message.result);
          else this.finish(run, new SandboxError(message.code ?? 'WORKER_FAILED', message.message));
        }
        this.dispatch();
        break;
      }
      case 'log':
        this.options.logger?.[message.level](message.msg, message.data);
        break;
      case 'guestLog': {
        const run = this.runs.get(message.runId);
        if (!run || run.settled) break;
        try {
          run.onLog?.(message.entry);
        } catch (error) {
          this.options.logger?.debug('sandbox: a log listener failed', { error: messageOf(error) });
        }
        break;
      }
    }
  }

  /** The worker is done with the run. */
  private release(run: PoolRun): void {
    this.runs.delete(run.runId);
    const worker = run.worker;
    if (!worker) return;
    worker.active.delete(run);
    if (worker.active.size === 0) this.settleIdle(worker);
  }

  private finish(run: PoolRun, outcome: RunResult | Error): void {
    settleRun(run, outcome);
  }

  protected onExit(worker: PoolWorker, code: number): void {
    const retired = worker.state === 'retiring';
    const wasReady = worker.onReady === undefined;
    worker.state = 'exited';
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    const message = this.disposed
      ? 'The sandbox was disposed while this execution was running.'
      : `The worker thread running this execution stopped unexpectedly (exit code ${code}), so the execution was lost; run it again.`;
    for (const run of [...worker.active]) {
      this.release(run);
      this.finish(run, lostResult(run, 'runtime', message));
    }
    if (!wasReady) {
      this.failedStarts++;
      const reason = worker.lastError ? `: ${worker.lastError}` : ` (exit code ${code})`;
      worker.onReady?.(
        new SandboxError('WORKER_FAILED', `A sandbox worker thread stopped while starting${reason}.`, 'workers'),
      );
    }
    if (this.disposed) return;
    if (!retired) this.options.logger?.warn('sandbox: a worker thread stopped; starting a replacement', { code });
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      this.broken = `Sandbox worker threads keep stopping while starting (${this.failedStarts} in a row); runs are refused. Check memory and the installation of @runbyte/sandbox, or run without \`workers\`.`;
      for (const run of this.queue.splice(0))
        this.finish(run, new SandboxError('WORKER_FAILED', this.broken, 'workers'));
      return;
    }
    const live = this.workers.filter((w) => w.state !== 'retiring').length;
    if (live < this.minWorkers || this.queue.length > 0) {
      this.spawn().catch((error: unknown) =>
        this.options.logger?.error('sandbox: a replacement worker failed to start', { error: messageOf(error) }),
      );
    }
  }
}
