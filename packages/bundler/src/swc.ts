// The one @swc/wasm instance of this process, replaceable: a WebAssembly trap (e.g. a stack overflow on
// code nested a thousand levels deep) leaves the instance's memory corrupt, and every later parse would
// fail, so a trapped instance is dropped and a fresh one loaded.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as Swc from '@swc/wasm';

const require = createRequire(import.meta.url);
const entry = require.resolve('@swc/wasm');
const packageDir = dirname(entry);

let instance = require(entry) as typeof Swc;

export function swc(): typeof Swc {
  return instance;
}

export function isTrap(error: unknown): boolean {
  // WebAssembly.RuntimeError (the DOM-free lib typings here do not declare the WebAssembly namespace).
  return error instanceof Error && error.constructor.name === 'RuntimeError';
}

/** Loads a fresh instance: the next parse or transform no longer sees a trapped one's memory. */
export function resetSwc(): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(packageDir)) delete require.cache[key];
  instance = require(entry) as typeof Swc;
}
