// Turns a guest error into what the user sees: its kind (runtime, memory, stack), a message, and the
// stack, location and code frame mapped through the modules' source maps. Text from the guest is capped:
// a program can throw a message of any size, and the reply must stay within a transport's limits.
import { capText, formatBytes } from '@runbyte/utils';
import type { QuickJSAsyncContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { SourceMaps } from '../source-map.js';
import type { ExecutionErrorInfo } from '../types.js';
import type { MemorySampler } from './memory.js';
import type { RunState } from './state.js';

/** Caps on error text coming out of the sandbox (characters). */
export const ERROR_TEXT_CAPS = Object.freeze({ message: 4_096, stack: 8_192, frame: 4_096 });

interface Described {
  isError: boolean;
  name?: string;
  message: string;
  stack?: string;
  failed?: boolean;
}

export class ErrorClassifier {
  constructor(
    private readonly ctx: QuickJSAsyncContext,
    private readonly describeError: QuickJSHandle,
    private readonly state: RunState,
    private readonly memory: MemorySampler,
    private readonly maps: SourceMaps,
    private readonly limits: { memoryBytes: number; stackBytes: number },
  ) {}

  memoryMessage(): string {
    return memoryMessage(this.limits.memoryBytes);
  }

  stackMessage(): string {
    return `The program exceeded the maximum call stack (limit ${formatBytes(this.limits.stackBytes)}): look for unbounded recursion.`;
  }

  /** Classifies a thrown guest value; a fatal condition recorded before wins without running guest code. */
  describe(errorHandle: QuickJSHandle): ExecutionErrorInfo {
    const before = this.state.fatalCopy();
    if (before) return before;
    const result = this.ctx.callFunction(this.describeError, this.ctx.undefined, errorHandle);
    if (result.error) {
      result.error.dispose();
      return this.state.fatalCopy() ?? { kind: 'memory', message: this.memoryMessage() };
    }
    const data = JSON.parse(result.value.consume((v) => this.ctx.getString(v))) as Described;
    // Describing a fixed, tiny object only fails when nothing can be allocated any more.
    if (data.failed) return { kind: 'memory', message: this.memoryMessage() };
    if (!data.isError) {
      // When even the error object cannot be allocated, QuickJS throws null.
      if (data.message === 'null' && this.memory.nearLimit()) return { kind: 'memory', message: this.memoryMessage() };
      return { kind: 'runtime', message: capMessage(`Uncaught non-Error value: ${data.message}`) };
    }
    const name = data.name ?? '';
    if (name === 'InternalError' && /out of memory|string too long/.test(data.message)) {
      return { kind: 'memory', message: this.memoryMessage(), ...this.mapped(data.stack) };
    }
    if (/^(InternalError|SyntaxError|RangeError)$/.test(name) && /stack overflow/.test(data.message)) {
      return { kind: 'stack', message: this.stackMessage(), ...this.mapped(data.stack) };
    }
    if (name === 'RangeError' && /Maximum call stack size exceeded/.test(data.message)) {
      // The host's own stack overflowed inside a native callback: WASM state may be inconsistent.
      this.state.broken = true;
      return { kind: 'stack', message: this.stackMessage(), ...this.mapped(data.stack) };
    }
    return { kind: 'runtime', message: capMessage(`${data.name}: ${data.message}`), ...this.mapped(data.stack) };
  }

  private mapped(stack: string | undefined): Omit<ExecutionErrorInfo, 'kind' | 'message'> {
    const mapped = this.maps.mapStack(stack);
    const out: Omit<ExecutionErrorInfo, 'kind' | 'message'> = {};
    if (mapped.stack !== undefined) out.stack = capText(mapped.stack, ERROR_TEXT_CAPS.stack);
    if (mapped.location !== undefined) out.location = mapped.location;
    if (mapped.frame !== undefined) out.frame = capText(mapped.frame, ERROR_TEXT_CAPS.frame);
    return out;
  }
}

export function memoryMessage(limitBytes: number): string {
  return `The program ran out of memory (limit ${formatBytes(limitBytes)}): look for data that grows without bound, or process less at once.`;
}

export function capMessage(message: string): string {
  return capText(message, ERROR_TEXT_CAPS.message);
}

export function isHostStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
