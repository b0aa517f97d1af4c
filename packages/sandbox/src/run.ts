// One execution: a fresh QuickJS runtime and context, the user's modules linked by QuickJS's own module
// loader, and a host-driven event loop (jobs, host call settlements, timers) until the export settles,
// the deadline passes or the caller aborts. Everything created here is disposed here.
import { formatBytes, messageOf } from '@runbyte/utils';
import type {
  QuickJSAsyncContext,
  QuickJSAsyncRuntime,
  QuickJSAsyncWASMModule,
  QuickJSDeferredPromise,
  QuickJSHandle,
} from 'quickjs-emscripten-core';
import { POLYFILLS } from './globals/polyfills.js';
import { PRELUDE_FILE, PRELUDE_SOURCE } from './globals/prelude.js';
import type { Limits } from './limits.js';
import { retireModule } from './module.js';
import { shrinkToBudget } from './shrink.js';
import { SourceMaps } from './source-map.js';
import type {
  ExecutionErrorInfo,
  ExecutionErrorKind,
  HostFunction,
  JsonValue,
  LogEntry,
  Logger,
  RunResult,
} from './types.js';

export interface NormalizedInput {
  entry: string;
  modules: Record<string, { code: string; map?: string }>;
  links: Record<string, Record<string, string>>;
  exportName: string;
}

export interface ExecuteOptions {
  limits: Limits;
  hostFunctions: Record<string, HostFunction>;
  signal: AbortSignal | undefined;
  logger: Logger | undefined;
  /**
   * Polled by the interrupt handler: true aborts the run even while the guest is in a synchronous loop
   * and the host's event loop cannot deliver the signal's abort event (worker mode sets it from the parent).
   */
  interrupted?: () => boolean;
  onLog?: ((entry: LogEntry) => void) | undefined;
}

interface Fatal {
  kind: ExecutionErrorKind;
  message: string;
}

interface PendingCall {
  deferred: QuickJSDeferredPromise;
}

interface Timer {
  callback: QuickJSHandle;
  due: number;
  interval: number | undefined;
}

/** Thrown inside the host to unwind the run once a fatal condition is recorded. */
class Stop extends Error {}

const JOB_BATCH = 5_000;

function isHostStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export async function execute(
  module: QuickJSAsyncWASMModule,
  input: NormalizedInput,
  options: ExecuteOptions,
): Promise<RunResult> {
  const { limits, signal } = options;
  const started = performance.now();
  const deadline = started + limits.timeoutMs;
  const logs: LogEntry[] = [];
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;

  if (signal?.aborted) {
    return {
      ok: false,
      error: { kind: 'aborted', message: 'The execution was aborted before it started.' },
      logs,
      durationMs: 0,
    };
  }

  let fatal: Fatal | undefined;
  let ended = false;
  let broken = false;
  const endController = new AbortController();
  const pending = new Set<PendingCall>();
  const timers = new Map<number, Timer>();
  let timerSeq = 0;
  let firing: { id: number; cleared: boolean } | undefined;
  let wake: (() => void) | undefined;
  // Set by anything that may let the loop progress, so a settlement between two waits is never missed.
  let signalled = false;
  const notify = () => {
    signalled = true;
    wake?.();
  };
  const owned: QuickJSHandle[] = [];

  const setFatal = (kind: ExecutionErrorKind, message: string) => {
    fatal ??= { kind, message };
    notify();
  };
  const timeoutFatal = () =>
    setFatal('timeout', `The execution took longer than the ${limits.timeoutMs} ms time limit and was stopped.`);
  const onAbort = () => setFatal('aborted', 'The execution was aborted by the caller.');
  signal?.addEventListener('abort', onAbort, { once: true });

  // Logs
  let logBytes = 0;
  let logFull = false;
  let droppedLogs = 0;
  let cutLastLog = false;
  let readDroppedLogs: () => void = () => undefined;
  const emit = (entry: LogEntry) => {
    logs.push(entry);
    try {
      options.onLog?.(entry);
    } catch (error) {
      options.logger?.debug('sandbox: a log listener failed', { error: messageOf(error) });
    }
  };
  const addLog = (level: LogEntry['level'], message: string | undefined): boolean => {
    if (logFull || message === undefined) {
      droppedLogs++;
      return false;
    }
    const size = Buffer.byteLength(message);
    if (logs.length >= limits.maxLogEntries || logBytes + size > limits.logBytes) {
      const room = limits.logBytes - logBytes;
      if (logs.length < limits.maxLogEntries && room > 64) {
        emit({ level, message: `${message.slice(0, room - 32)}…[message cut]` });
        cutLastLog = true;
      }
      logFull = true;
      return false;
    }
    logBytes += size;
    emit({ level, message });
    return true;
  };

  const runtime: QuickJSAsyncRuntime = module.newRuntime();
  // Sampled while the guest runs: after an out-of-memory unwinds, usage is low again, and when QuickJS
  // could not even allocate the error it throws null, so the peak is what tells a memory failure apart.
  let peakMemory = 0;
  let lastMemoryCheck = performance.now();
  const samplePeakMemory = () => {
    if (!context) return;
    try {
      const usage = runtime.computeMemoryUsage();
      const size = context.getProp(usage, 'memory_used_size');
      peakMemory = Math.max(peakMemory, context.getNumber(size));
      size.dispose();
      usage.dispose();
    } catch {
      peakMemory = Number.POSITIVE_INFINITY;
    }
  };
  let context: QuickJSAsyncContext | undefined;
  let guestStarted = false;
  const maps = new SourceMaps(input.modules, input.entry);
  const unresolvedImports = new Map<string, string>();

  try {
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    runtime.setInterruptHandler(() => {
      // The prelude is trusted and short; stopping it halfway leaves objects QuickJS cannot free
      // (JS_FreeRuntime then aborts and the WASM module is lost), so limits apply from the user's code on.
      if (!guestStarted) return false;
      if (fatal) return true;
      if (options.interrupted?.()) {
        onAbort();
        return true;
      }
      const now = performance.now();
      if (now > deadline) {
        timeoutFatal();
        return true;
      }
      if (now - lastMemoryCheck > 100) {
        lastMemoryCheck = now;
        samplePeakMemory();
      }
      return false;
    });
    runtime.setModuleLoader(
      (name) => {
        const unresolved = unresolvedImports.get(name);
        if (unresolved) return { error: new Error(unresolved) };
        const source = input.modules[name];
        return source ? source.code : { error: new Error(`No module named "${name}" in this sandbox.`) };
      },
      (base, requested) => {
        const linked = input.links[base]?.[requested];
        if (linked !== undefined && Object.prototype.hasOwnProperty.call(input.modules, linked)) return linked;
        if (Object.prototype.hasOwnProperty.call(input.modules, requested)) return requested;
        const from = base === PRELUDE_FILE ? '' : ` (imported from "${base}")`;
        // A normalizer error loses its message in quickjs-emscripten, so the loader reports it instead.
        const sentinel = `<unresolved import ${unresolvedImports.size}>`;
        unresolvedImports.set(
          sentinel,
          `Cannot import "${requested}"${from}: only the modules given to this execution can be imported, ` +
            `there is no file system, network or Node.js module here. Known modules: ${Object.keys(input.modules).slice(0, 20).join(', ')}.`,
        );
        return sentinel;
      },
    );
    const ctx = runtime.newContext();
    context = ctx;

    // --- natives -------------------------------------------------------------------------------------
    const rawLog = ctx.newFunction('log', (levelHandle, messageHandle) => {
      const level = ctx.getString(levelHandle) as LogEntry['level'];
      const message = ctx.typeof(messageHandle) === 'string' ? ctx.getString(messageHandle) : undefined;
      return addLog(level, message) ? ctx.true : ctx.false;
    });
    const rawHostCall = ctx.newFunction('hostCall', (nameHandle, jsonHandle) => {
      const name = ctx.getString(nameHandle);
      const json = ctx.getString(jsonHandle);
      if (pending.size >= limits.maxPendingHostCalls) {
        setFatal(
          'limit',
          `More than ${limits.maxPendingHostCalls} host function calls were pending at once; await calls in smaller batches.`,
        );
        return { error: ctx.newError('Too many pending host calls') };
      }
      const fn = options.hostFunctions[name]!;
      const deferred = ctx.newPromise();
      const call: PendingCall = { deferred };
      pending.add(call);
      const args = JSON.parse(json) as JsonValue[];
      Promise.resolve()
        .then(() => fn(args, { signal: endController.signal }))
        .then(
          (value) => settleCall(call, true, value),
          (error: unknown) => settleCall(call, false, error),
        );
      return deferred.handle;
    });
    const rawSetTimer = ctx.newFunction('setTimer', (callbackHandle, msHandle, repeatHandle) => {
      if (timers.size >= limits.maxTimers) {
        setFatal(
          'limit',
          `More than ${limits.maxTimers} timers were pending at once; clear timers you no longer need.`,
        );
        return { error: ctx.newError('Too many timers') };
      }
      const ms = Math.max(0, ctx.getNumber(msHandle) || 0);
      const repeat = ctx.typeof(repeatHandle) === 'boolean' && ctx.dump(repeatHandle) === true;
      const id = ++timerSeq;
      timers.set(id, {
        callback: callbackHandle.dup(),
        due: performance.now() + ms,
        interval: repeat ? Math.max(1, ms) : undefined,
      });
      return ctx.newNumber(id);
    });
    const rawPolyfill = ctx.newFunction('polyfill', (groupHandle) => {
      const group = POLYFILLS[ctx.getString(groupHandle)];
      return group ? ctx.newString(group.source) : ctx.undefined;
    });
    const rawClearTimer = ctx.newFunction('clearTimer', (idHandle) => {
      const id = ctx.getNumber(idHandle);
      const timer = timers.get(id);
      if (!timer) return;
      timers.delete(id);
      if (firing?.id === id) firing.cleared = true;
      else timer.callback.dispose();
    });

    const settleCall = (call: PendingCall, ok: boolean, value: unknown) => {
      if (ended || !pending.has(call)) return;
      pending.delete(call);
      try {
        if (ok) {
          let text: string | undefined;
          try {
            text = value === undefined ? undefined : JSON.stringify(value);
          } catch (error) {
            const e = ctx.newError({
              name: 'TypeError',
              message: `The host function returned a value that is not JSON: ${messageOf(error)}`,
            });
            call.deferred.reject(e);
            e.dispose();
            return;
          }
          if (text === undefined) {
            call.deferred.resolve(ctx.undefined);
          } else {
            const handle = ctx.newString(text);
            call.deferred.resolve(handle);
            handle.dispose();
          }
        } else {
          const e = ctx.newError({ name: 'Error', message: messageOf(value) });
          call.deferred.reject(e);
          e.dispose();
        }
      } catch (error) {
        options.logger?.debug('sandbox: settling a host call failed', { error: messageOf(error) });
      } finally {
        call.deferred.dispose();
        notify();
      }
    };

    // --- prelude -------------------------------------------------------------------------------------
    const hostNames = ctx.newArray();
    Object.keys(options.hostFunctions).forEach((name, i) => {
      const s = ctx.newString(name);
      ctx.setProp(hostNames, i, s);
      s.dispose();
    });
    const preludeFn = ctx.unwrapResult(ctx.evalCode(PRELUDE_SOURCE, PRELUDE_FILE, { type: 'global', strict: true }));
    const helpersResult = ctx.callFunction(
      preludeFn,
      ctx.undefined,
      rawLog,
      rawHostCall,
      rawSetTimer,
      rawClearTimer,
      rawPolyfill,
      hostNames,
    );
    for (const h of [preludeFn, rawLog, rawHostCall, rawSetTimer, rawClearTimer, rawPolyfill, hostNames]) h.dispose();
    const helpers = ctx.unwrapResult(helpersResult);
    owned.push(helpers);
    const helper = (name: string) => {
      const h = ctx.getProp(helpers, name);
      owned.push(h);
      return h;
    };
    const importEntry = helper('importEntry');
    const serializeResult = helper('serializeResult');
    const describeError = helper('describeError');
    // A data property: reading it runs no guest code, so it works even after an interrupt.
    readDroppedLogs = () => {
      const count = ctx.getProp(helpers, 'droppedLogs');
      droppedLogs += ctx.getNumber(count) - (cutLastLog ? 1 : 0);
      count.dispose();
    };

    // --- event loop ----------------------------------------------------------------------------------
    const checkLimits = () => {
      if (!fatal && performance.now() > deadline) timeoutFatal();
      if (fatal) throw new Stop();
    };

    const pumpJobs = async () => {
      while (runtime.hasPendingJob()) {
        checkLimits();
        const result = runtime.executePendingJobs(JOB_BATCH);
        if (result.error) {
          // A job itself threw: only interrupts and out-of-memory escape a promise reaction.
          const info = describe(result.error);
          result.error.dispose();
          checkLimits();
          throw new GuestFailure(info);
        }
        // A full batch means a flood: let host events (aborts, settlements) in before the next one.
        if (runtime.hasPendingJob()) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      checkLimits();
    };

    const fireTimers = async (): Promise<boolean> => {
      const now = performance.now();
      const due = [...timers.entries()]
        .filter(([, t]) => t.due <= now)
        .sort((a, b) => a[1].due - b[1].due || a[0] - b[0]);
      for (const [id, timer] of due) {
        if (!timers.has(id)) continue;
        if (timer.interval === undefined) timers.delete(id);
        else timer.due = Math.max(timer.due + timer.interval, performance.now());
        firing = { id, cleared: false };
        const result = ctx.callFunction(timer.callback, ctx.undefined);
        const wasCleared = firing.cleared;
        firing = undefined;
        if (timer.interval === undefined || wasCleared) timer.callback.dispose();
        if (result.error) {
          const info = describe(result.error);
          result.error.dispose();
          checkLimits();
          info.message = `Uncaught error in a timer callback: ${info.message}`;
          throw new GuestFailure(info);
        }
        result.value.dispose();
        await pumpJobs();
      }
      return due.length > 0;
    };

    const waitForWork = () =>
      new Promise<void>((resolve) => {
        if (signalled) {
          signalled = false;
          resolve();
          return;
        }
        let next = deadline;
        for (const t of timers.values()) next = Math.min(next, t.due);
        const timeout = setTimeout(done, Math.max(0, next - performance.now()));
        function done() {
          clearTimeout(timeout);
          wake = undefined;
          signalled = false;
          resolve();
        }
        wake = done;
      });

    /** Drives the loop until `handle` (a promise or a plain value) settles; returns the settled value. */
    const settle = async (handle: QuickJSHandle, what: string): Promise<QuickJSHandle> => {
      for (;;) {
        await pumpJobs();
        const state = ctx.getPromiseState(handle);
        if (state.type === 'fulfilled') {
          if (state.notAPromise) return handle.dup();
          return state.value;
        }
        if (state.type === 'rejected') {
          const info = describe(state.error);
          state.error.dispose();
          checkLimits();
          throw new GuestFailure(info);
        }
        if (await fireTimers()) continue;
        if (pending.size === 0 && timers.size === 0 && !runtime.hasPendingJob()) {
          throw new GuestFailure({
            kind: 'runtime',
            message: `${what} returned a promise that never settles: it awaits something that nothing will resolve (no host call or timer is pending).`,
          });
        }
        await waitForWork();
        checkLimits();
      }
    };

    const describe = (errorHandle: QuickJSHandle): ExecutionErrorInfo => {
      if (fatal) return { ...fatal };
      const result = ctx.callFunction(describeError, ctx.undefined, errorHandle);
      if (result.error) {
        result.error.dispose();
        if (fatal) return { ...(fatal as Fatal) };
        return { kind: 'memory', message: memoryMessage() };
      }
      const text = ctx.getString(result.value);
      result.value.dispose();
      const data = JSON.parse(text) as {
        isError: boolean;
        name?: string;
        message: string;
        stack?: string;
        failed?: boolean;
      };
      // Describing a fixed, tiny object only fails when nothing can be allocated any more.
      if (data.failed) return { kind: 'memory', message: memoryMessage() };
      if (!data.isError) {
        // When even the error object cannot be allocated, QuickJS throws null.
        if (data.message === 'null' && memoryNearLimit()) return { kind: 'memory', message: memoryMessage() };
        return { kind: 'runtime', message: `Uncaught non-Error value: ${data.message}` };
      }
      const mapped = maps.mapStack(data.stack);
      const info: ExecutionErrorInfo = { kind: 'runtime', message: `${data.name}: ${data.message}`, ...mapped };
      if (data.name === 'InternalError' && /out of memory|string too long/.test(data.message)) {
        info.kind = 'memory';
        info.message = memoryMessage();
      } else if (
        /^(InternalError|SyntaxError|RangeError)$/.test(data.name ?? '') &&
        /stack overflow/.test(data.message)
      ) {
        info.kind = 'stack';
        info.message = stackMessage();
      } else if (data.name === 'RangeError' && /Maximum call stack size exceeded/.test(data.message)) {
        // The host's own stack overflowed inside a native callback: WASM state may be inconsistent.
        broken = true;
        info.kind = 'stack';
        info.message = stackMessage();
      }
      return info;
    };
    const memoryNearLimit = (): boolean => peakMemory > limits.memoryBytes * 0.75;
    const memoryMessage = () =>
      `The program ran out of memory (limit ${formatBytes(limits.memoryBytes)}): look for data that grows without bound, or process less at once.`;
    const stackMessage = () =>
      `The program exceeded the maximum call stack (limit ${formatBytes(limits.stackBytes)}): look for unbounded recursion.`;

    // --- run -----------------------------------------------------------------------------------------
    let value: JsonValue | null = null;
    let truncated: string | undefined;
    let fullJson: string | undefined;
    let dropped: string | undefined;
    try {
      guestStarted = true;
      const entryName = ctx.newString(input.entry);
      const imported = ctx.callFunction(importEntry, ctx.undefined, entryName);
      entryName.dispose();
      const importPromise = ctx.unwrapResult(imported);
      owned.push(importPromise);
      const namespace = await settle(importPromise, `Loading the module "${input.entry}"`);
      owned.push(namespace);
      const exported = ctx.getProp(namespace, input.exportName);
      owned.push(exported);
      if (ctx.typeof(exported) !== 'function') {
        throw new GuestFailure({
          kind: 'runtime',
          message:
            `The module "${input.entry}" has no exported function "${input.exportName}" to run` +
            (ctx.typeof(exported) === 'undefined' ? '' : ` (its "${input.exportName}" is a ${ctx.typeof(exported)})`) +
            `. Define it: export async function ${input.exportName}() { ... }`,
        });
      }
      const called = ctx.callFunction(exported, ctx.undefined);
      if (called.error) {
        const info = describe(called.error);
        called.error.dispose();
        checkLimits();
        throw new GuestFailure(info);
      }
      owned.push(called.value);
      const settled = await settle(called.value, `${input.exportName}()`);
      owned.push(settled);

      const serialized = ctx.callFunction(serializeResult, ctx.undefined, settled);
      if (serialized.error) {
        const info = describe(serialized.error);
        serialized.error.dispose();
        checkLimits();
        throw new GuestFailure(info);
      }
      const outcome = ctx.dump(serialized.value) as {
        ok: boolean;
        json?: string;
        message?: string;
        lossy?: string[];
        lossyCount?: number;
      };
      serialized.value.dispose();
      if (!outcome.ok) {
        throw new GuestFailure({
          kind: 'result',
          message: `The value returned by ${input.exportName}() could not be converted to JSON: ${outcome.message ?? 'unknown reason'}.`,
        });
      }
      if (outcome.lossy && outcome.lossy.length > 0) {
        const more = (outcome.lossyCount ?? 0) - outcome.lossy.length;
        dropped =
          `Not JSON, so dropped or converted: ${outcome.lossy.join('; ')}` +
          (more > 0 ? ` (and ${more} more)` : '') +
          '.';
      }
      if (outcome.json !== undefined) {
        const shrunk = shrinkToBudget(JSON.parse(outcome.json) as JsonValue, limits.resultBytes);
        value = shrunk.value;
        truncated = shrunk.truncated;
        if (truncated !== undefined) fullJson = outcome.json;
      }
    } catch (error) {
      if (error instanceof GuestFailure) return failure(error.info);
      if (error instanceof Stop) return failure({ ...(fatal as Fatal) });
      if (isHostStackOverflow(error)) {
        broken = true;
        return failure({ kind: 'stack', message: stackMessage() });
      }
      throw error;
    }
    finalizeLogs();
    const result: RunResult = { ok: true, value, logs, durationMs: elapsed() };
    if (truncated !== undefined) result.truncated = truncated;
    if (fullJson !== undefined) result.fullJson = fullJson;
    if (dropped !== undefined) result.dropped = dropped;
    return result;
  } catch (error) {
    if (fatal) {
      // Interrupted (deadline, abort, limit) outside user code, e.g. while the prelude was evaluated.
      finalizeLogs();
      return { ok: false, error: { ...fatal }, logs, durationMs: elapsed() };
    }
    if (isHostStackOverflow(error)) {
      broken = true;
      finalizeLogs();
      return {
        ok: false,
        error: { kind: 'stack', message: `The program exceeded the maximum call stack: look for unbounded recursion.` },
        logs,
        durationMs: elapsed(),
      };
    }
    broken = true;
    throw error;
  } finally {
    ended = true;
    signal?.removeEventListener('abort', onAbort);
    endController.abort();
    wake?.();
    if (!broken) {
      try {
        for (const call of pending) call.deferred.dispose();
        for (const timer of timers.values()) timer.callback.dispose();
        for (const handle of owned.reverse()) if (handle.alive) handle.dispose();
        context?.dispose();
        runtime.dispose();
      } catch (error) {
        broken = true;
        options.logger?.warn(
          'sandbox: disposing a QuickJS runtime failed; loading a fresh WASM module for later runs',
          {
            error: messageOf(error),
          },
        );
      }
    }
    pending.clear();
    timers.clear();
    if (broken) retireModule(module);
  }

  function finalizeLogs() {
    if (logFull) {
      try {
        readDroppedLogs();
      } catch {
        // The count is informative only.
      }
      logs.push({
        level: 'warn',
        message: `[console output truncated: the limit is ${limits.maxLogEntries} entries or ${formatBytes(limits.logBytes)}; ${droppedLogs} later entries were dropped]`,
      });
    }
  }

  function failure(info: ExecutionErrorInfo): RunResult {
    finalizeLogs();
    return { ok: false, error: info, logs, durationMs: elapsed() };
  }
}

class GuestFailure extends Error {
  constructor(readonly info: ExecutionErrorInfo) {
    super(info.message);
  }
}
