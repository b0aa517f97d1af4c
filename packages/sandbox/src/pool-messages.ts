// What the pool sends a worker and answers it: the run message (only the fields execute() reads, so
// extra fields a caller attached need not be cloneable, as in-thread), host call replies, and the
// result of a run the worker could not report.
import { messageOf } from '@runbyte/utils';
import type { ExecutionRequest } from './executor.js';
import type { PoolRun, PoolWorker } from './pool-worker.js';
import type { NormalizedInput } from './run/input.js';
import type { JsonValue, RunResult } from './types.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

export function runMessage(
  run: PoolRun,
  request: ExecutionRequest,
  options: { logger: unknown; libraryDir: string | undefined },
): ToWorker {
  const { input } = request;
  const modules: NormalizedInput['modules'] = {};
  for (const [name, m] of Object.entries(input.modules))
    modules[name] = m.map === undefined ? { code: m.code } : { code: m.code, map: m.map };
  return {
    type: 'run',
    runId: run.runId,
    input: { entry: input.entry, exportName: input.exportName, links: input.links, modules },
    limits: request.limits,
    hostNames: Object.keys(request.hostFunctions),
    abortFlag: run.flag.buffer as SharedArrayBuffer,
    withLogger: options.logger !== undefined,
    streamLogs: request.onLog !== undefined,
    ...(options.libraryDir !== undefined ? { libraryDir: options.libraryDir } : {}),
  };
}

/** Calls the real host function here and posts the JSON text (or the error message) back. */
export function answerHostCall(
  worker: PoolWorker,
  run: PoolRun | undefined,
  message: Extract<FromWorker, { type: 'call' }>,
  done: () => void,
  pauseTimeout: () => () => void,
): void {
  const { runId, callId } = message;
  const fn = run?.hostFunctions[message.name];
  if (!run || run.settled || !fn) {
    done();
    worker.post({ type: 'reply', runId, callId, ok: false, message: 'The execution ended.' });
    return;
  }
  Promise.resolve()
    .then(() => fn(JSON.parse(message.args) as JsonValue[], { signal: run.controller.signal, pauseTimeout }))
    .then(
      (value) => {
        let json: string | undefined;
        try {
          json = value === undefined ? undefined : JSON.stringify(value);
        } catch (error) {
          worker.post({ type: 'reply', runId, callId, ok: false, message: messageOf(error), notJson: true });
          return;
        }
        worker.post({ type: 'reply', runId, callId, ok: true, json });
      },
      (error: unknown) => worker.post({ type: 'reply', runId, callId, ok: false, message: messageOf(error) }),
    )
    .finally(done);
}

export function lostResult(run: PoolRun, kind: 'timeout' | 'runtime' | 'aborted', message: string): RunResult {
  return {
    ok: false,
    error: { kind, message },
    logs: [],
    durationMs: Math.round((performance.now() - run.submitted) * 100) / 100,
  };
}

/** A run as the pool tracks it. Queued, it times out at its own deadline (`onWatchdog`). */
export function newPoolRun(
  runId: number,
  request: ExecutionRequest,
  resolve: (result: RunResult) => void,
  reject: (error: Error) => void,
  onWatchdog: () => void,
): PoolRun {
  const run: PoolRun = {
    runId,
    worker: undefined,
    hostFunctions: request.hostFunctions,
    onLog: request.onLog,
    controller: new AbortController(),
    flag: new Int32Array(new SharedArrayBuffer(4)),
    submitted: performance.now(),
    startedAt: undefined,
    settled: false,
    callsPending: 0,
    watchdog: setTimeout(onWatchdog, request.limits.timeoutMs),
    watchdogDue: performance.now() + request.limits.timeoutMs,
    timeoutMs: request.limits.timeoutMs,
    pauses: 0,
    pausedAt: 0,
    detach: () => undefined,
    resolve,
    reject,
  };
  run.watchdog.unref();
  return run;
}

/** Settles a run once: its watchdog and abort listener go, and its host calls' signal fires. */
export function settleRun(run: PoolRun, outcome: RunResult | Error): void {
  if (run.settled) return;
  run.settled = true;
  clearTimeout(run.watchdog);
  run.detach();
  run.controller.abort();
  if (outcome instanceof Error) run.reject(outcome);
  else run.resolve(outcome);
}
