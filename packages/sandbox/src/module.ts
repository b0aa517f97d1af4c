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

interface RuntimeRegistry {
  deleteRuntime(pointer: unknown): void;
}

/**
 * Disposes a runtime so its finalizers can still reach their callbacks. quickjs-emscripten 0.32's asyncify
 * module unregisters a runtime's callbacks *before* freeing it, so freeing guest objects that hold host
 * functions throws "QuickJSRuntime not found when trying to free HostRef" from inside WASM (the sync
 * module frees first). Unregistering is deferred until after the free, the order the sync module uses.
 */
export function disposeRuntime(module: QuickJSAsyncWASMModule, runtime: { dispose(): void }): void {
  const registry = (module as unknown as { callbacks?: RuntimeRegistry }).callbacks;
  const pointer = (runtime as unknown as { rt?: { value?: unknown } }).rt?.value;
  if (!registry || typeof registry.deleteRuntime !== 'function' || pointer === undefined) {
    runtime.dispose();
    return;
  }
  const hadOwn = Object.prototype.hasOwnProperty.call(registry, 'deleteRuntime');
  const original = registry.deleteRuntime;
  registry.deleteRuntime = () => undefined;
  try {
    runtime.dispose();
  } finally {
    if (hadOwn) registry.deleteRuntime = original;
    else delete (registry as Partial<RuntimeRegistry>).deleteRuntime;
    original.call(registry, pointer);
  }
}
