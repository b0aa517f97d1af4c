import v8 from 'node:v8';
import { newQuickJSAsyncWASMModuleFromVariant, type QuickJSAsyncWASMModule } from 'quickjs-emscripten-core';
// The variant ships CommonJS-style typings: the namespace (which holds `default`) is what the loader accepts.
import * as asyncifyVariant from '@jitl/quickjs-wasmfile-release-asyncify';
import { SandboxError } from './errors.js';

let current: Promise<QuickJSAsyncWASMModule> | undefined;

/**
 * QuickJS's stack check measures the WASM shadow stack, but its frames also live on the host's native
 * stack. Once V8 tiers the (asyncify-instrumented) interpreter loop up to TurboFan, each guest call takes
 * tens of KiB of native stack and a recursion 50 deep overflows the host before QuickJS notices. Code
 * compiled by Liftoff keeps frames small (measured: 1,000-deep recursion fine, 22 deep with TurboFan),
 * so the module is compiled with --liftoff-only, restored right after for everything else in the process.
 */
async function compileWithSmallFrames<T>(load: () => Promise<T>): Promise<T> {
  const preset = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((arg) => arg.includes('--liftoff-only'));
  v8.setFlagsFromString('--liftoff-only');
  try {
    return await load();
  } finally {
    if (!preset) v8.setFlagsFromString('--no-liftoff-only');
  }
}
let currentModule: QuickJSAsyncWASMModule | undefined;

// quickjs-emscripten-core is pinned to 0.32.0 and patched (patches/quickjs-emscripten-core@0.32.0.patch):
// its asyncify module unregistered a runtime's callbacks before freeing the runtime, so the finalizers of
// guest objects holding host functions threw "QuickJSRuntime not found when trying to free HostRef" from
// inside WASM. The patch frees first, as the sync module does. Upstream: justjake/quickjs-emscripten#261,
// fixed by #256 (merged after 0.32.0); drop the patch once a release contains it.

/** The process-wide QuickJS WASM module, loaded on first use. */
export function loadModule(): Promise<QuickJSAsyncWASMModule> {
  if (!current) {
    const loading: Promise<QuickJSAsyncWASMModule> = compileWithSmallFrames(() =>
      newQuickJSAsyncWASMModuleFromVariant(
        asyncifyVariant as unknown as Parameters<typeof newQuickJSAsyncWASMModuleFromVariant>[0],
      ),
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

/** The loaded module, when there is one: lets a run start without an await. */
export function loadedModule(): QuickJSAsyncWASMModule | undefined {
  return currentModule;
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
