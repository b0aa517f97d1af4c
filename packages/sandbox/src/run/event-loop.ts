// The host-driven event loop of one run: pump QuickJS jobs (in batches, yielding to the host so aborts
// and settlements get through a microtask flood), check the awaited promise, fire due timers, and wait
// for a settlement, a timer or the deadline. With nothing pending the promise can never settle, and the
// run fails at once instead of waiting for its timeout.
import type { QuickJSAsyncContext, QuickJSAsyncRuntime, QuickJSHandle } from 'quickjs-emscripten-core';
import type { ErrorClassifier } from './classify.js';
import type { HostCalls } from './host-calls.js';
import { RunFailure, type RunState } from './state.js';
import type { Timers } from './timers.js';

const JOB_BATCH = 5_000;

export class EventLoop {
  constructor(
    private readonly runtime: QuickJSAsyncRuntime,
    private readonly ctx: QuickJSAsyncContext,
    private readonly state: RunState,
    private readonly errors: ErrorClassifier,
    private readonly hostCalls: HostCalls,
    private readonly timers: Timers,
  ) {}

  /** Ends the run with a thrown guest value (a fatal condition recorded meanwhile wins). */
  fail(errorHandle: QuickJSHandle, prefix = ''): never {
    const info = this.errors.describe(errorHandle);
    errorHandle.dispose();
    const failure = this.state.failure(info);
    failure.info.message = prefix + failure.info.message;
    throw failure;
  }

  async pumpJobs(): Promise<void> {
    const { runtime, state } = this;
    while (runtime.hasPendingJob()) {
      state.check();
      const result = runtime.executePendingJobs(JOB_BATCH);
      // A job itself threw: only interrupts and out-of-memory escape a promise reaction.
      if (result.error) this.fail(result.error);
      // A full batch means a flood: let host events (aborts, settlements) in before the next one.
      if (runtime.hasPendingJob()) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    state.check();
  }

  /** Drives the loop until `handle` (a promise or a plain value) settles; returns the settled value. */
  async settle(handle: QuickJSHandle, what: string): Promise<QuickJSHandle> {
    const { ctx, state } = this;
    for (;;) {
      await this.pumpJobs();
      const promise = ctx.getPromiseState(handle);
      if (promise.type === 'fulfilled') return promise.notAPromise ? handle.dup() : promise.value;
      if (promise.type === 'rejected') this.fail(promise.error);
      const fired = await this.timers.fireDue(
        (error) => this.fail(error, 'Uncaught error in a timer callback: '),
        () => this.pumpJobs(),
      );
      if (fired) continue;
      if (this.hostCalls.size === 0 && this.timers.size === 0 && !this.runtime.hasPendingJob()) {
        throw new RunFailure({
          kind: 'runtime',
          message: `${what} returned a promise that never settles: it awaits something that nothing will resolve (no host call or timer is pending).`,
        });
      }
      await state.waitForWork(this.timers.nextDue());
      state.check();
    }
  }
}
