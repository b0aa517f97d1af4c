// The memory limit per execution, in total. QuickJS's own malloc limit does not hold in this build:
// without malloc_usable_size its accounting counts 8 bytes per allocation (measured: 400 MiB of strings
// or ArrayBuffers under a 64 MiB limit). So the sandbox bounds the WASM heap itself: while runs are
// active the heap may grow only to its size when they began plus their limits; a refused growth makes
// malloc fail, which QuickJS reports as out of memory. The run's exact usage is also sampled (memory.ts).
import type { QuickJSAsyncWASMModule } from 'quickjs-emscripten-core';

const PAGE = 65_536;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** Room for the runtime, context and prelude of each run beyond its limit. */
const SLACK_BYTES = 16 * 1024 * 1024;

class HeapBudget {
  private base = 0;
  private reserved = 0;
  active = 0;

  constructor(readonly memory: WasmMemory) {
    const grow = memory.grow.bind(memory);
    // Emscripten grows its heap through this method of its own Memory object (getWasmMemory()).
    Object.defineProperty(memory, 'grow', {
      configurable: true,
      value: (pages: number) => {
        if (this.active > 0 && memory.buffer.byteLength + pages * PAGE > this.base + this.reserved) {
          throw new RangeError('The sandbox memory budget of the running executions is used up.');
        }
        return grow(pages);
      },
    });
  }

  begin(bytes: number): () => void {
    if (this.active++ === 0) {
      this.base = this.memory.buffer.byteLength;
      this.reserved = 0;
    }
    this.reserved += bytes + SLACK_BYTES;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      this.reserved -= bytes + SLACK_BYTES;
    };
  }
}

const budgets = new WeakMap<QuickJSAsyncWASMModule, HeapBudget | null>();

function budgetOf(module: QuickJSAsyncWASMModule): HeapBudget | null {
  let budget = budgets.get(module);
  if (budget === undefined) {
    try {
      budget = new HeapBudget(module.getWasmMemory() as unknown as WasmMemory);
    } catch {
      budget = null; // A variant without access to its memory: only the sampled limit applies.
    }
    budgets.set(module, budget);
  }
  return budget;
}

/** Reserves `bytes` of heap growth for one run; call the result when the run ends. */
export function reserveHeap(module: QuickJSAsyncWASMModule, bytes: number): () => void {
  return budgetOf(module)?.begin(bytes) ?? (() => undefined);
}

/** The module's WASM heap in bytes (it never shrinks), and whether runs are still using it. */
export function heapOf(module: QuickJSAsyncWASMModule): { bytes: number; active: number } {
  const budget = budgetOf(module);
  return { bytes: budget?.memory.buffer.byteLength ?? 0, active: budget?.active ?? 0 };
}

/** Default bound past which an idle module (in-thread) or worker is replaced to give the memory back. */
export const MAX_HEAP_BYTES = 512 * 1024 * 1024;
