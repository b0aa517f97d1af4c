import { newQuickJSAsyncWASMModuleFromVariant, type QuickJSAsyncWASMModule } from 'quickjs-emscripten-core';
// The variant ships CommonJS-style typings: the namespace (which holds `default`) is what the loader accepts.
import * as asyncifyVariant from '@jitl/quickjs-wasmfile-release-asyncify';
import { SandboxError } from './errors.js';

let current: Promise<QuickJSAsyncWASMModule> | undefined;
let currentModule: QuickJSAsyncWASMModule | undefined;

/** The process-wide QuickJS WASM module, loaded on first use. */
export function loadModule(): Promise<QuickJSAsyncWASMModule> {
  if (!current) {
    const loading: Promise<QuickJSAsyncWASMModule> = newQuickJSAsyncWASMModuleFromVariant(
      asyncifyVariant as unknown as Parameters<typeof newQuickJSAsyncWASMModuleFromVariant>[0],
    ).then(
      (module) => {
        if (current === loading) currentModule = module;
        return module;
      },
      (error: unknown) => {
        if (current === loading) current = undefined;
        throw new SandboxError(
          'WASM_LOAD_FAILED',
          `The QuickJS WebAssembly module failed to load: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    current = loading;
  }
  return current;
}

/**
 * Drops a module whose state can no longer be trusted (an abort inside WASM, a host stack overflow
 * through WASM frames); the next run loads a fresh one.
 */
export function retireModule(module: QuickJSAsyncWASMModule): void {
  if (currentModule === module) {
    current = undefined;
    currentModule = undefined;
  }
}
