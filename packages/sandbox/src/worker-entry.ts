// Entry of a sandbox worker thread: loads the WASM module once and runs executions with the same
// execute() as the in-thread sandbox. Host functions are proxies that ask the parent thread.
import { parentPort } from 'node:worker_threads';
import type { QuickJSAsyncWASMModule } from 'quickjs-emscripten-core';
import { SandboxError } from './errors.js';
import { loadedModule, loadModule } from './module.js';
import { messageOf } from '@runbyte/utils';
import { execute } from './run/execute.js';
import { NotJsonError, type HostRelay } from './run/host-calls.js';
import type { HostFunction, Logger } from './types.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

interface PendingReply {
  resolve: (json: string | undefined) => void;
  reject: (error: Error) => void;
  pauseTimeout: () => () => void;
  resume?: () => void;
}

interface WorkerRun {
  controller: AbortController;
  replies: Map<number, PendingReply>;
  cancelPosted: boolean;
}

const port = parentPort;
if (!port) throw new Error('The sandbox worker entry runs only inside a worker thread.');
const post = (message: FromWorker) => port.postMessage(message);

const runs = new Map<number, WorkerRun>();
let callSeq = 0;
let startLoading: () => void = () => undefined;
const loadRequested = new Promise<void>((resolve) => {
  startLoading = resolve;
});

async function moduleForRun(): Promise<QuickJSAsyncWASMModule> {
  // The first load waits for the pool's turn; a module retired after a broken run is reloaded here.
  await loadRequested;
  return loadedModule() ?? loadModule();
}

const logger: Logger = {
  debug: (msg, data) => postLog('debug', msg, data),
  info: (msg, data) => postLog('info', msg, data),
  warn: (msg, data) => postLog('warn', msg, data),
  error: (msg, data) => postLog('error', msg, data),
};

function postLog(level: 'debug' | 'info' | 'warn' | 'error', msg: string, data?: object) {
  try {
    post({ type: 'log', level, msg, ...(data ? { data: JSON.parse(JSON.stringify(data)) as object } : {}) });
  } catch {
    post({ type: 'log', level, msg });
  }
}

/** The run's host calls, passed to the parent as the guest's JSON text; the reply's text goes back as is. */
function relayOf(runId: number, run: WorkerRun): HostRelay {
  return (name, args, { signal, pauseTimeout }) => {
    if (!run.cancelPosted) {
      run.cancelPosted = true;
      signal.addEventListener('abort', () => post({ type: 'cancel', runId }), { once: true });
    }
    const callId = ++callSeq;
    return new Promise<string | undefined>((resolve, reject) => {
      run.replies.set(callId, { resolve, reject, pauseTimeout });
      post({ type: 'call', runId, callId, name, args });
    });
  };
}

/** Never called: with a relay, execute() takes only the names of the host functions. */
const relayed: HostFunction = () => undefined;

function heapBytes(): number | undefined {
  try {
    return loadedModule()?.getWasmMemory().buffer.byteLength;
  } catch {
    return undefined;
  }
}

async function startRun(message: Extract<ToWorker, { type: 'run' }>) {
  const { runId } = message;
  const run: WorkerRun = { controller: new AbortController(), replies: new Map(), cancelPosted: false };
  runs.set(runId, run);
  const flag = new Int32Array(message.abortFlag);
  const hostFunctions: Record<string, HostFunction> = {};
  for (const name of message.hostNames) hostFunctions[name] = relayed;
  try {
    if (Atomics.load(flag, 0) !== 0) run.controller.abort();
    const module = await moduleForRun();
    const result = await execute(module, message.input, {
      limits: message.limits,
      hostFunctions,
      relay: relayOf(runId, run),
      signal: run.controller.signal,
      logger: message.withLogger ? logger : undefined,
      interrupted: () => Atomics.load(flag, 0) !== 0,
      onLog: message.streamLogs ? (entry) => post({ type: 'guestLog', runId, entry }) : undefined,
      libraryDir: message.libraryDir,
    });
    post({ type: 'result', runId, result, heapBytes: heapBytes() });
  } catch (error) {
    post({
      type: 'failed',
      runId,
      heapBytes: heapBytes(),
      message: messageOf(error),
      ...(error instanceof SandboxError ? { code: error.code } : {}),
    });
  } finally {
    runs.delete(runId);
    const ended = new Error('The execution ended.');
    for (const reply of run.replies.values()) reply.reject(ended);
    run.replies.clear();
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'load':
      startLoading();
      loadModule().then(
        () => post({ type: 'ready' }),
        (error: unknown) => post({ type: 'loadFailed', message: messageOf(error) }),
      );
      break;
    case 'run':
      void startRun(message);
      break;
    case 'abort':
      runs.get(message.runId)?.controller.abort();
      break;
    case 'pause':
    case 'resume': {
      const pending = runs.get(message.runId)?.replies.get(message.callId);
      if (!pending) break;
      if (message.type === 'pause') pending.resume ??= pending.pauseTimeout();
      else {
        pending.resume?.();
        delete pending.resume;
      }
      break;
    }
    case 'reply': {
      const run = runs.get(message.runId);
      const pending = run?.replies.get(message.callId);
      if (!run || !pending) break;
      run.replies.delete(message.callId);
      pending.resume?.();
      if (message.ok) pending.resolve(message.json);
      // The parent's reason; execute() words it as in-thread.
      else if (message.notJson) pending.reject(new NotJsonError(message.message));
      else pending.reject(new Error(message.message));
      break;
    }
  }
});
