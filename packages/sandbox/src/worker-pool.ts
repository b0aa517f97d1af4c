// Worker mode: executions run in long-lived worker threads, so a guest in a synchronous loop never blocks
// this thread's event loop. Host functions stay here: the worker asks for each call by message. An abort
// reaches a worker stuck in guest code through a shared flag that its interrupt handler polls.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SandboxError, type SandboxErrorCode } from './errors.js';
import type { Limits } from './limits.js';
import { messageOf } from '@runbyte/utils';
import type { NormalizedInput } from './run.js';
import type { HostFunction, LogEntry, Logger, RunResult } from './types.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** How long after a run's deadline the parent stops waiting for a worker that does not answer. */
const WATCHDOG_GRACE_MS = 2_000;
/** How long after the caller's abort the parent stops waiting for a worker busy with another run's loop. */
const ABORT_GRACE_MS = 1_000;
/** Workers that die before loading, in a row, before the pool gives up instead of respawning forever. */
const MAX_FAILED_STARTS = 3;

function workerEntryUrl(): URL {
  // Built, this file is dist/worker-pool.js beside dist/worker-entry.js. Run from its TypeScript source
  // (vitest), a worker thread cannot load .ts files, so the build of the same sources is used.
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/worker-entry.js', here) : new URL('./worker-entry.js', here);
}

interface PoolRun {
  runId: number;
  worker: PoolWorker;
  hostFunctions: Record<string, HostFunction>;
  onLog: ((entry: LogEntry) => void) | undefined;
  /** Signal of the run's host calls, as in-thread: fires when the run ends. */
  controller: AbortController;
  flag: Int32Array;
  started: number;
  settled: boolean;
  watchdog: NodeJS.Timeout;
  detach: () => void;
  resolve: (result: RunResult) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  thread: Worker;
  /** Runs the worker is still executing (a run the parent already settled stays until the worker reports). */
  active: Set<PoolRun>;
  ready: boolean;
  exited: boolean;
  lastError: string | undefined;
  onReady?: (error?: SandboxError) => void;
}

const pools = new WeakMap<object, WorkerPool>();

/** Test hook: the pool behind a worker-mode sandbox. */
export function poolOf(sandbox: object): WorkerPool | undefined {
  return pools.get(sandbox);
}

export function registerPool(sandbox: object, pool: WorkerPool): void {
  pools.set(sandbox, pool);
}

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly runs = new Map<number, PoolRun>();
  private runSeq = 0;
  private disposed = false;
  /** Until start() resolves, a dead worker fails the start instead of being replaced. */
  private starting = true;
  private failedStarts = 0;
  private broken: string | undefined;
  /** Workers load the WASM module one at a time: module.ts flips a process-wide V8 flag around the compile. */
  private loadChain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly entry: URL,
    private readonly logger: Logger | undefined,
  ) {}

  /** Starts `size` workers and resolves once every one has loaded the WASM module. */
  static async start(size: number, logger: Logger | undefined): Promise<WorkerPool> {
    const entry = workerEntryUrl();
    if (!existsSync(fileURLToPath(entry))) {
      throw new SandboxError(
        'WORKER_FAILED',
        'The sandbox worker script is missing from @runbyte/sandbox: build the package (pnpm --filter @runbyte/sandbox build) or run without `workers`.',
        'workers',
      );
    }
    const pool = new WorkerPool(entry, logger);
    const starts = Array.from({ length: size }, () => pool.spawn());
    const outcomes = await Promise.allSettled(starts);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await pool.dispose();
      throw failed.reason;
    }
    pool.starting = false;
    return pool;
  }

  /** The worker threads (for tests). */
  threads(): Worker[] {
    return this.workers.map((w) => w.thread);
  }

  run(
    input: NormalizedInput,
    limits: Limits,
    hostFunctions: Record<string, HostFunction>,
    signal: AbortSignal | undefined,
    onLog?: (entry: LogEntry) => void,
  ): Promise<RunResult> {
    if (this.disposed)
      return Promise.reject(
        new SandboxError('DISPOSED', 'This sandbox was disposed; create a new one with createSandbox().'),
      );
    if (this.broken) return Promise.reject(new SandboxError('WORKER_FAILED', this.broken, 'workers'));
    if (signal?.aborted) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'aborted', message: 'The execution was aborted before it started.' },
        logs: [],
        durationMs: 0,
      });
    }
    if (this.workers.length === 0)
      return Promise.reject(new SandboxError('WORKER_FAILED', 'No sandbox worker thread is running.', 'workers'));
    const worker = this.workers.reduce((best, w) => (w.active.size < best.active.size ? w : best));
    // Only the fields execute() reads cross, so extra fields on a module (anything a caller attached) do not
    // have to be cloneable, as in-thread.
    const modules: NormalizedInput['modules'] = {};
    for (const [name, m] of Object.entries(input.modules))
      modules[name] = m.map === undefined ? { code: m.code } : { code: m.code, map: m.map };
    input = { entry: input.entry, exportName: input.exportName, links: input.links, modules };
    const runId = ++this.runSeq;
    const abortFlag = new SharedArrayBuffer(4);
    return new Promise<RunResult>((resolve, reject) => {
      const run: PoolRun = {
        runId,
        worker,
        hostFunctions,
        onLog,
        controller: new AbortController(),
        flag: new Int32Array(abortFlag),
        started: performance.now(),
        settled: false,
        watchdog: setTimeout(() => {
          // The worker did not report by the deadline: another run of it may hold its thread in a loop.
          // Its own interrupt handler ends the run once it gets the thread; the caller hears now.
          Atomics.store(run.flag, 0, 1);
          this.finish(
            run,
            this.lostResult(
              run,
              'timeout',
              `The execution took longer than the ${limits.timeoutMs} ms time limit and was stopped.`,
            ),
          );
        }, limits.timeoutMs + WATCHDOG_GRACE_MS),
        detach: () => undefined,
        resolve,
        reject,
      };
      run.watchdog.unref();
      if (signal) {
        const onAbort = () => {
          Atomics.store(run.flag, 0, 1);
          this.post(worker, { type: 'abort', runId });
          // The flag stops this run at once, but not another run's loop holding the same worker.
          const fallback = setTimeout(
            () => this.finish(run, this.lostResult(run, 'aborted', 'The execution was aborted by the caller.')),
            ABORT_GRACE_MS,
          );
          fallback.unref();
          run.detach = () => clearTimeout(fallback);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        run.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.runs.set(runId, run);
      if (worker.active.size === 0) worker.thread.ref();
      worker.active.add(run);
      const posted = this.post(worker, {
        type: 'run',
        runId,
        input,
        limits,
        hostNames: Object.keys(hostFunctions),
        abortFlag,
        withLogger: this.logger !== undefined,
        streamLogs: onLog !== undefined,
      });
      if (!posted) {
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
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }

  private spawn(): Promise<void> {
    // No inherited Node options: a worker refuses process-wide ones (--expose-gc, --max-old-space-size,
    // --input-type of `node -e` scripts...) and fails to start, and it runs only this package's built code.
    // stdout: true gives the worker its own stdout stream instead of the process's, which may be the
    // JSON-RPC channel in stdio mode. It is not read while the worker lives: a reading stream keeps the
    // process alive (Node refs the port until the worker ends), and nothing in a worker writes there
    // normally. What was written is reported when the worker stops (see onExit).
    const thread = new Worker(this.entry, { execArgv: [], stdout: true });
    const worker: PoolWorker = { thread, active: new Set(), ready: false, exited: false, lastError: undefined };
    this.workers.push(worker);
    thread.on('message', (message: FromWorker) => this.onMessage(worker, message));
    thread.on('error', (error) => {
      worker.lastError = messageOf(error);
      this.logger?.error('sandbox: a worker thread failed', { error: worker.lastError });
    });
    thread.on('exit', (code) => this.onExit(worker, code));
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
      if (!worker.exited) this.post(worker, { type: 'load' });
      return ready;
    });
    this.loadChain = load.catch(() => undefined);
    return load;
  }

  private post(worker: PoolWorker, message: ToWorker): boolean {
    if (worker.exited) return false;
    try {
      worker.thread.postMessage(message);
      return true;
    } catch (error) {
      this.logger?.warn('sandbox: posting to a worker failed', { error: messageOf(error) });
      return false;
    }
  }

  private onMessage(worker: PoolWorker, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        worker.ready = true;
        this.failedStarts = 0;
        if (worker.active.size === 0) worker.thread.unref();
        worker.onReady?.();
        break;
      case 'loadFailed':
        worker.onReady?.(new SandboxError('WASM_LOAD_FAILED', message.message));
        break;
      case 'call':
        this.hostCall(worker, message);
        break;
      case 'cancel':
        this.runs.get(message.runId)?.controller.abort();
        break;
      case 'result':
      case 'failed': {
        const run = this.runs.get(message.runId);
        if (!run) break;
        this.release(run);
        if (message.type === 'result') this.finish(run, message.result);
        else this.finish(run, new SandboxError((message.code ?? 'WORKER_FAILED') as SandboxErrorCode, message.message));
        break;
      }
      case 'log':
        this.logger?.[message.level](message.msg, message.data);
        break;
      case 'guestLog': {
        const run = this.runs.get(message.runId);
        if (!run || run.settled) break;
        try {
          run.onLog?.(message.entry);
        } catch (error) {
          this.logger?.debug('sandbox: a log listener failed', { error: messageOf(error) });
        }
        break;
      }
    }
  }

  private hostCall(worker: PoolWorker, message: Extract<FromWorker, { type: 'call' }>): void {
    const { runId, callId } = message;
    const run = this.runs.get(runId);
    const fn = run?.hostFunctions[message.name];
    if (!run || run.settled || !fn) {
      this.post(worker, { type: 'reply', runId, callId, ok: false, message: 'The execution ended.' });
      return;
    }
    Promise.resolve()
      .then(() => fn(message.args, { signal: run.controller.signal }))
      .then(
        (value) => {
          let json: string | undefined;
          try {
            json = value === undefined ? undefined : JSON.stringify(value);
          } catch (error) {
            this.post(worker, { type: 'reply', runId, callId, ok: false, message: messageOf(error), notJson: true });
            return;
          }
          this.post(worker, { type: 'reply', runId, callId, ok: true, json });
        },
        (error: unknown) => this.post(worker, { type: 'reply', runId, callId, ok: false, message: messageOf(error) }),
      );
  }

  /** The worker is done with the run. */
  private release(run: PoolRun): void {
    this.runs.delete(run.runId);
    run.worker.active.delete(run);
    if (run.worker.active.size === 0 && !run.worker.exited) run.worker.thread.unref();
  }

  private finish(run: PoolRun, outcome: RunResult | Error): void {
    if (run.settled) return;
    run.settled = true;
    clearTimeout(run.watchdog);
    run.detach();
    run.controller.abort();
    if (outcome instanceof Error) run.reject(outcome);
    else run.resolve(outcome);
  }

  private lostResult(run: PoolRun, kind: 'timeout' | 'runtime' | 'aborted', message: string): RunResult {
    return {
      ok: false,
      error: { kind, message },
      logs: [],
      durationMs: Math.round((performance.now() - run.started) * 100) / 100,
    };
  }

  private onExit(worker: PoolWorker, code: number): void {
    worker.exited = true;
    const written: unknown = worker.thread.stdout.read();
    if (written !== null) {
      this.logger?.warn('sandbox: output to stdout in a worker was dropped', {
        text: String(written).slice(0, 500),
      });
    }
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    const message = this.disposed
      ? 'The sandbox was disposed while this execution was running.'
      : `The worker thread running this execution stopped unexpectedly (exit code ${code}), so the execution was lost; run it again.`;
    for (const run of [...worker.active]) {
      this.release(run);
      this.finish(run, this.lostResult(run, 'runtime', message));
    }
    if (!worker.ready) {
      this.failedStarts++;
      const reason = worker.lastError ? `: ${worker.lastError}` : ` (exit code ${code})`;
      worker.onReady?.(
        new SandboxError('WORKER_FAILED', `A sandbox worker thread stopped while starting${reason}.`, 'workers'),
      );
    }
    if (this.disposed || this.starting) return;
    this.logger?.warn('sandbox: a worker thread stopped; starting a replacement', { code });
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      this.broken = `Sandbox worker threads keep stopping while starting (${this.failedStarts} in a row); runs are refused. Check memory and the installation of @runbyte/sandbox, or run without \`workers\`.`;
      if (this.workers.length === 0) return;
    }
    if (this.broken) return;
    this.spawn().catch((error: unknown) =>
      this.logger?.error('sandbox: a replacement worker failed to start', { error: messageOf(error) }),
    );
  }
}
