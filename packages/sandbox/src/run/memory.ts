// Peak memory of one run, sampled while the guest runs. After an out-of-memory unwinds, usage is low
// again, and when QuickJS could not even allocate the error it throws null: the peak is what tells a
// memory failure apart from a user's `throw null`.
import type { QuickJSAsyncContext, QuickJSAsyncRuntime } from 'quickjs-emscripten-core';

const SAMPLE_EVERY_MS = 100;

export class MemorySampler {
  private peak = 0;
  private lastSample = performance.now();
  private context: QuickJSAsyncContext | undefined;

  constructor(
    private readonly runtime: QuickJSAsyncRuntime,
    private readonly limitBytes: number,
  ) {}

  attach(context: QuickJSAsyncContext): void {
    this.context = context;
  }

  /** Called from the interrupt handler: samples at most every 100 ms. */
  tick(now: number): void {
    if (now - this.lastSample <= SAMPLE_EVERY_MS) return;
    this.lastSample = now;
    this.sample();
  }

  nearLimit(): boolean {
    return this.peak > this.limitBytes * 0.75;
  }

  private sample(): void {
    const context = this.context;
    if (!context) return;
    try {
      const usage = this.runtime.computeMemoryUsage();
      const size = context.getProp(usage, 'memory_used_size');
      this.peak = Math.max(this.peak, context.getNumber(size));
      size.dispose();
      usage.dispose();
    } catch {
      this.peak = Number.POSITIVE_INFINITY;
    }
  }
}
