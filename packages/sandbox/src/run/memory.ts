// Peak memory of one run, sampled while the guest runs. After an out-of-memory unwinds, usage is low
// again, and when QuickJS could not even allocate the error it throws null: the peak is what tells a
// memory failure apart from a user's `throw null`.
import type { QuickJSAsyncContext, QuickJSAsyncRuntime } from 'quickjs-emscripten-core';

const SAMPLE_EVERY_MS = 100;
/** Heap growth that triggers a sample before the next period. */
const HEAP_STEP = 8 * 1024 * 1024;

export class MemorySampler {
  private peak = 0;
  private lastSample = performance.now();
  private context: QuickJSAsyncContext | undefined;

  private lastHeap: number;

  /**
   * @param heapBytes the module's WASM heap size: its growth triggers an exact sample at once.
   * @param onOver called when the run uses more than its limit (QuickJS's own limit does not hold).
   */
  constructor(
    private readonly runtime: QuickJSAsyncRuntime,
    private readonly limitBytes: number,
    private readonly heapBytes: () => number,
    private readonly onOver: () => void,
  ) {
    this.lastHeap = heapBytes();
  }

  attach(context: QuickJSAsyncContext): void {
    this.context = context;
  }

  /** Called from the interrupt handler: samples at most every 100 ms. */
  tick(now: number): void {
    const heap = this.heapBytes();
    if (now - this.lastSample <= SAMPLE_EVERY_MS && heap - this.lastHeap < HEAP_STEP) return;
    this.lastSample = now;
    this.lastHeap = heap;
    if (this.sample() > this.limitBytes) this.onOver();
  }

  nearLimit(): boolean {
    return this.peak > this.limitBytes * 0.75;
  }

  private sample(): number {
    const context = this.context;
    if (!context) return 0;
    try {
      const usage = this.runtime.computeMemoryUsage();
      const size = context.getProp(usage, 'memory_used_size');
      const used = context.getNumber(size);
      size.dispose();
      usage.dispose();
      this.peak = Math.max(this.peak, used);
      return used;
    } catch {
      this.peak = Number.POSITIVE_INFINITY;
      return 0;
    }
  }
}
