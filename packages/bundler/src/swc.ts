// The one @swc/wasm instance of this process, replaceable. A WebAssembly trap (e.g. a stack overflow on
// code nested a thousand levels deep) leaves the instance's memory corrupt, so a trapped instance is
// dropped. And its memory only grows: swc keeps one source map of everything it ever parsed, about
// 2.5 bytes of WASM memory per byte of code, so every distinct submission costs memory for good.
// Past a bound the instance is dropped too, and the next call loads a fresh one.
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as Swc from '@swc/wasm';

type SwcModule = typeof Swc & { __wasm?: { memory?: { buffer: ArrayBuffer } } };

const entry = createRequire(import.meta.url).resolve('@swc/wasm');

/** WASM memory an instance may reach before it is replaced at its next use. */
export const SWC_MEMORY_LIMIT = 64 * 1024 * 1024;

// Loaded outside require's cache and module tree: a module required the usual way stays referenced
// from its parent's `children` even after leaving require.cache, and its memory is never freed.
function load(): SwcModule {
  const mod = new Module(entry);
  mod.filename = entry;
  (mod as Module & { paths: string[] }).paths = (
    Module as unknown as { _nodeModulePaths(dir: string): string[] }
  )._nodeModulePaths(dirname(entry));
  (mod as Module & { load(file: string): void }).load(entry);
  return mod.exports as SwcModule;
}

let instance = load();
let recycles = 0;

function memoryOf(swcModule: SwcModule): number {
  return swcModule.__wasm?.memory?.buffer.byteLength ?? 0;
}

export function swc(): typeof Swc {
  if (memoryOf(instance) > SWC_MEMORY_LIMIT) {
    recycles++;
    instance = load();
  }
  return instance;
}

export interface SwcStats {
  /** Instances replaced because their memory passed SWC_MEMORY_LIMIT. */
  recycles: number;
  /** WASM memory of the current instance, in bytes. */
  memoryBytes: number;
}

export function swcStats(): SwcStats {
  return { recycles, memoryBytes: memoryOf(instance) };
}

export function isTrap(error: unknown): boolean {
  // WebAssembly.RuntimeError (the DOM-free lib typings here do not declare the WebAssembly namespace).
  return error instanceof Error && error.constructor.name === 'RuntimeError';
}

/** Loads a fresh instance: the next parse or transform no longer sees a trapped one's memory. */
export function resetSwc(): void {
  instance = load();
}
