// Guest timers, driven by the host clock: the event loop fires those due, in order of due time.
import type { QuickJSAsyncContext, QuickJSHandle, Scope } from 'quickjs-emscripten-core';
import type { RunState } from './state.js';

interface Timer {
  callback: QuickJSHandle;
  due: number;
  interval: number | undefined;
}

export class Timers {
  private readonly timers = new Map<number, Timer>();
  private seq = 0;
  private firing: { id: number; cleared: boolean } | undefined;

  constructor(
    private readonly ctx: QuickJSAsyncContext,
    private readonly scope: Scope,
    private readonly state: RunState,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.timers.size;
  }

  /** The earliest due time, or Infinity. */
  nextDue(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const t of this.timers.values()) next = Math.min(next, t.due);
    return next;
  }

  /** The raw natives `setTimer(callback, ms, repeat)` and `clearTimer(id)` handed to the prelude. */
  natives(): { set: QuickJSHandle; clear: QuickJSHandle } {
    const { ctx } = this;
    const set = ctx.newFunction('setTimer', (callbackHandle, msHandle, repeatHandle) => {
      if (this.timers.size >= this.max) {
        this.state.condemn(
          'limit',
          `More than ${this.max} timers were pending at once; clear timers you no longer need.`,
        );
        return { error: ctx.newError('Too many timers') };
      }
      const ms = Math.max(0, ctx.getNumber(msHandle) || 0);
      const repeat = ctx.typeof(repeatHandle) === 'boolean' && ctx.dump(repeatHandle) === true;
      const id = ++this.seq;
      this.timers.set(id, {
        callback: this.scope.manage(callbackHandle.dup()),
        due: performance.now() + ms,
        interval: repeat ? Math.max(1, ms) : undefined,
      });
      return ctx.newNumber(id);
    });
    const clear = ctx.newFunction('clearTimer', (idHandle) => {
      const id = ctx.getNumber(idHandle);
      const timer = this.timers.get(id);
      if (!timer) return;
      this.timers.delete(id);
      if (this.firing?.id === id) this.firing.cleared = true;
      else timer.callback.dispose();
    });
    return { set, clear };
  }

  /**
   * Calls the callbacks now due; `afterEach` runs the jobs each one queued. Returns whether any fired.
   * A callback that throws fails the run.
   */
  async fireDue(onError: (error: QuickJSHandle) => never, afterEach: () => Promise<void>): Promise<boolean> {
    const now = performance.now();
    const due = [...this.timers.entries()]
      .filter(([, t]) => t.due <= now)
      .sort((a, b) => a[1].due - b[1].due || a[0] - b[0]);
    for (const [id, timer] of due) {
      if (!this.timers.has(id)) continue;
      if (timer.interval === undefined) this.timers.delete(id);
      else timer.due = Math.max(timer.due + timer.interval, performance.now());
      this.firing = { id, cleared: false };
      const result = this.ctx.callFunction(timer.callback, this.ctx.undefined);
      const cleared = this.firing.cleared;
      this.firing = undefined;
      if (timer.interval === undefined || cleared) timer.callback.dispose();
      if (result.error) onError(result.error);
      result.value.dispose();
      await afterEach();
    }
    return due.length > 0;
  }
}
