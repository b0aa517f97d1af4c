// One execution: a fresh QuickJS runtime and context, the user's modules linked by QuickJS's own module
// loader, and the host-driven event loop until the export settles, the deadline passes or the caller
// aborts. Every QuickJS handle of the run belongs to one Scope, freed when the run ends.
import { messageOf } from '@runbyte/utils';
import { Scope, type QuickJSAsyncWASMModule } from 'quickjs-emscripten-core';
import { heapOf, MAX_HEAP_BYTES, reserveHeap } from '../heap-budget.js';
import { retireModule } from '../module.js';
import { SourceMaps } from '../source-map.js';
import type { ExecutionErrorInfo, RunResult } from '../types.js';
import { ErrorClassifier, isHostStackOverflow, memoryMessage } from './classify.js';
import { convertResult, type Converted } from './convert.js';
import { EventLoop } from './event-loop.js';
import { HostCalls } from './host-calls.js';
import type { ExecuteOptions, NormalizedInput } from './input.js';
import { LogBuffer } from './logs.js';
import { MemorySampler } from './memory.js';
import { installModuleLoader } from './modules.js';
import { installPrelude } from './prelude.js';
import { RunFailure, RunState } from './state.js';
import { Timers } from './timers.js';

export type { ExecuteOptions, NormalizedInput } from './input.js';

export async function execute(
  module: QuickJSAsyncWASMModule,
  input: NormalizedInput,
  options: ExecuteOptions,
): Promise<RunResult> {
  const { limits, signal } = options;
  if (signal?.aborted) {
    return {
      ok: false,
      error: { kind: 'aborted', message: 'The execution was aborted before it started.' },
      logs: [],
      durationMs: 0,
    };
  }
  const state = new RunState(performance.now(), limits.timeoutMs);
  const logs = new LogBuffer(limits, options.onLog, options.logger);
  const onAbort = () => state.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const scope = new Scope();
  const releaseHeap = reserveHeap(module, limits.memoryBytes);
  // Set once the run has its classifier, so a host stack overflow can be worded with the limits.
  let errors: ErrorClassifier | undefined;
  try {
    let outcome: Converted | ExecutionErrorInfo;
    try {
      outcome = await run(module, input, options, state, logs, scope, (e) => (errors = e));
    } catch (error) {
      outcome = endedBy(error, state, errors);
    }
    // Before disposal: the log buffer reads the guest's count of dropped entries.
    const entries = logs.finish();
    const durationMs = state.elapsed();
    if ('kind' in outcome) return { ok: false, error: outcome, logs: entries, durationMs };
    const result: RunResult = { ok: true, value: outcome.value, logs: entries, durationMs };
    if (outcome.truncated !== undefined) result.truncated = outcome.truncated;
    if (outcome.fullJson !== undefined) result.fullJson = outcome.fullJson;
    if (outcome.dropped !== undefined) result.dropped = outcome.dropped;
    return result;
  } finally {
    state.close();
    signal?.removeEventListener('abort', onAbort);
    dispose(module, scope, state, options);
    releaseHeap();
    const heap = heapOf(module);
    // WASM memory never shrinks: a module grown past the bound is replaced once no run uses it.
    if (heap.active === 0 && heap.bytes > MAX_HEAP_BYTES) retireModule(module);
  }
}

/** What ended a run that did not return a value; rethrows what is not the guest's doing. */
function endedBy(error: unknown, state: RunState, errors: ErrorClassifier | undefined): ExecutionErrorInfo {
  if (error instanceof RunFailure) return error.info;
  // Interrupted (deadline, abort, limit) outside user code, e.g. while the prelude was evaluated.
  if (state.fatal) return { ...state.fatal };
  state.broken = true;
  if (isHostStackOverflow(error)) {
    const message =
      errors?.stackMessage() ?? 'The program exceeded the maximum call stack: look for unbounded recursion.';
    return { kind: 'stack', message };
  }
  throw error;
}

async function run(
  module: QuickJSAsyncWASMModule,
  input: NormalizedInput,
  options: ExecuteOptions,
  state: RunState,
  logs: LogBuffer,
  scope: Scope,
  onClassifier: (errors: ErrorClassifier) => void,
): Promise<Converted> {
  const { limits } = options;
  const runtime = scope.manage(module.newRuntime());
  const memory = new MemorySampler(
    runtime,
    limits.memoryBytes,
    () => heapOf(module).bytes,
    () => state.condemn('memory', memoryMessage(limits.memoryBytes)),
  );
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  runtime.setInterruptHandler(() => {
    // The prelude is trusted and short; stopping it halfway leaves objects QuickJS cannot free
    // (JS_FreeRuntime then aborts and the WASM module is lost), so limits apply from the user's code on.
    if (!state.guestStarted || state.trusted > 0) return false;
    if (state.fatal) return true;
    if (options.interrupted?.()) {
      state.abort();
      return true;
    }
    const now = performance.now();
    if (state.overdue(now)) {
      state.timeout();
      return true;
    }
    memory.tick(now);
    return false;
  });
  installModuleLoader(runtime, input);
  const ctx = scope.manage(runtime.newContext());
  memory.attach(ctx);

  const hostCalls = new HostCalls(
    ctx,
    scope,
    state,
    options.hostFunctions,
    limits.maxPendingHostCalls,
    options.logger,
    options.relay,
  );
  const timers = new Timers(ctx, scope, state, limits.maxTimers);
  const helpers = installPrelude(ctx, scope, {
    logs,
    hostCalls,
    timers,
    state,
    hostNames: Object.keys(options.hostFunctions),
  });
  logs.countGuestDrops(helpers.droppedLogs);
  const maps = new SourceMaps(input.modules, input.entry, options.libraryDir);
  const errors = new ErrorClassifier(ctx, helpers.describeError, state, memory, maps, limits);
  onClassifier(errors);
  // Annotated: a method returning `never` narrows only through a declared type.
  const loop: EventLoop = new EventLoop(runtime, ctx, state, errors, hostCalls, timers);

  try {
    state.guestStarted = true;
    const imported = ctx
      .newString(input.entry)
      .consume((name) => ctx.callFunction(helpers.importEntry, ctx.undefined, name));
    const importPromise = scope.manage(ctx.unwrapResult(imported));
    const namespace = scope.manage(await loop.settle(importPromise, `Loading the module "${input.entry}"`));
    const exported = scope.manage(ctx.getProp(namespace, input.exportName));
    const type = ctx.typeof(exported);
    if (type !== 'function') {
      throw new RunFailure({
        kind: 'runtime',
        message:
          `The module "${input.entry}" has no exported function "${input.exportName}" to run` +
          (type === 'undefined' ? '' : ` (its "${input.exportName}" is a ${type})`) +
          `. Define it: export async function ${input.exportName}() { ... }`,
      });
    }
    const called = ctx.callFunction(exported, ctx.undefined);
    if (called.error) loop.fail(called.error);
    const returned = scope.manage(called.value);
    const settled = scope.manage(await loop.settle(returned, `${input.exportName}()`));
    return convertResult(ctx, helpers.serializeResult, settled, loop, {
      exportName: input.exportName,
      resultBytes: limits.resultBytes,
    });
  } catch (error) {
    if (isHostStackOverflow(error)) {
      state.broken = true;
      throw new RunFailure({ kind: 'stack', message: errors.stackMessage() });
    }
    throw error;
  }
}

/** Frees the run's handles, context and runtime (in that order), or retires a module gone bad. */
function dispose(module: QuickJSAsyncWASMModule, scope: Scope, state: RunState, options: ExecuteOptions): void {
  if (!state.broken) {
    try {
      scope.dispose();
    } catch (error) {
      state.broken = true;
      options.logger?.warn('sandbox: disposing a QuickJS runtime failed; loading a fresh WASM module for later runs', {
        error: messageOf(error),
      });
    }
  }
  if (state.broken) retireModule(module);
}
