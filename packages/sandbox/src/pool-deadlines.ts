// The parent's clock of a worker run: the watchdog past the worker's own deadline, pauses of the time
// limit while a host call waits for a person, and the fallback when an abort cannot reach the worker.
import type { PoolRun, PoolWorker } from './pool-worker.js';

/** How long after a run's deadline the parent stops waiting for a worker that does not answer. */
export const WATCHDOG_GRACE_MS = 2_000;
/** How long after the caller's abort the parent stops waiting for a worker busy with another run's loop. */
const ABORT_GRACE_MS = 1_000;

export function armWatchdog(run: PoolRun, onDue: () => void): void {
  clearTimeout(run.watchdog);
  run.watchdog = setTimeout(onDue, Math.max(0, run.watchdogDue - performance.now()));
  run.watchdog.unref();
}

/** A host call waits for a person: the worker's clock and the watchdog stop until it resumes. */
export function pauseTimeout(worker: PoolWorker, run: PoolRun, callId: number, onDue: () => void): () => void {
  if (run.pauses++ === 0) {
    run.pausedAt = performance.now();
    clearTimeout(run.watchdog);
  }
  worker.post({ type: 'pause', runId: run.runId, callId });
  let resumed = false;
  return () => {
    if (resumed) return;
    resumed = true;
    worker.post({ type: 'resume', runId: run.runId, callId });
    if (--run.pauses === 0 && !run.settled) {
      run.watchdogDue += performance.now() - run.pausedAt;
      armWatchdog(run, onDue);
    }
  };
}

/** The abort flag stops the run at once, but not another run's loop holding the same worker. */
export function abortFallback(run: PoolRun, onDue: () => void): void {
  const fallback = setTimeout(onDue, ABORT_GRACE_MS);
  fallback.unref();
  run.detach = () => clearTimeout(fallback);
}
