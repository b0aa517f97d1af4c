import { SandboxError } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';
import type { Executor } from './executor.js';
import { InThreadExecutor } from './in-thread.js';
import type { NormalizedInput } from './run/input.js';
import { registerPool, WorkerPool } from './worker-pool.js';
import type { RunInput, RunOptions, RunResult, Sandbox, SandboxOptions } from './types.js';

/** Module name of a plain string input. */
export const STRING_INPUT_MODULE = 'main.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function normalizeInput(input: RunInput | string): NormalizedInput {
  if (typeof input === 'string') {
    return {
      entry: STRING_INPUT_MODULE,
      modules: { [STRING_INPUT_MODULE]: { code: input } },
      links: {},
      exportName: 'exec',
    };
  }
  if (typeof input !== 'object' || input === null) {
    throw new SandboxError(
      'INVALID_INPUT',
      'run() takes a string of JavaScript or { entry, modules, links?, exportName? }.',
      'input',
    );
  }
  const { entry, modules, links = {}, exportName = 'exec' } = input;
  if (typeof modules !== 'object' || modules === null) {
    throw new SandboxError(
      'INVALID_INPUT',
      'RunInput.modules must be an object of module name → { code, map? }.',
      'modules',
    );
  }
  for (const [name, module] of Object.entries(modules)) {
    if (typeof module?.code !== 'string') {
      throw new SandboxError(
        'INVALID_INPUT',
        `RunInput.modules["${name}"].code must be a string of JavaScript.`,
        'modules',
      );
    }
  }
  if (typeof entry !== 'string' || !Object.prototype.hasOwnProperty.call(modules, entry)) {
    throw new SandboxError(
      'INVALID_INPUT',
      `RunInput.entry "${String(entry)}" is not one of the modules (${Object.keys(modules).join(', ')}).`,
      'entry',
    );
  }
  if (typeof exportName !== 'string' || exportName === '') {
    throw new SandboxError('INVALID_INPUT', 'RunInput.exportName must be a non-empty string.', 'exportName');
  }
  return { entry, modules, links, exportName };
}

/**
 * Loads the QuickJS WASM module (once per process, or once per worker thread with `workers`) and returns a
 * sandbox whose every run is isolated.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const defaults = resolveLimits(DEFAULT_LIMITS, options.limits);
  const workers = options.workers ?? 0;
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 0) {
    throw new SandboxError(
      'INVALID_OPTIONS',
      `Option "workers" must be a whole number of worker threads (0 runs in-thread), got ${String(workers)}.`,
      'workers',
    );
  }
  const libraryDir = options.libraryDir;
  if (libraryDir !== undefined && typeof libraryDir !== 'string') {
    throw new SandboxError(
      'INVALID_OPTIONS',
      'Option "libraryDir" must be a folder path such as "/servers/".',
      'libraryDir',
    );
  }
  for (const field of ['minWorkers', 'workerIdleMs', 'maxWorkerHeapBytes'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw new SandboxError(
        'INVALID_OPTIONS',
        `Option "${field}" must be a whole number ≥ 0, got ${String(value)}.`,
        field,
      );
    }
  }
  const pool =
    workers > 0
      ? await WorkerPool.start(workers, {
          logger: options.logger,
          libraryDir,
          minWorkers: options.minWorkers,
          idleMs: options.workerIdleMs,
          maxHeapBytes: options.maxWorkerHeapBytes,
        })
      : undefined;
  const executor: Executor = pool ?? (await InThreadExecutor.start(options.logger, libraryDir));
  let disposed = false;
  const sandbox: Sandbox = {
    async run(input: RunInput | string, runOptions: RunOptions = {}): Promise<RunResult> {
      if (disposed)
        throw new SandboxError('DISPOSED', 'This sandbox was disposed; create a new one with createSandbox().');
      const normalized = normalizeInput(input);
      const limits = resolveLimits(defaults, runOptions.limits);
      const hostFunctions = runOptions.hostFunctions ?? {};
      for (const [name, fn] of Object.entries(hostFunctions)) {
        if (!IDENTIFIER.test(name) || typeof fn !== 'function') {
          throw new SandboxError(
            'INVALID_INPUT',
            `Host function "${name}" needs an identifier name and a function value.`,
            'hostFunctions',
          );
        }
      }
      return executor.run({
        input: normalized,
        limits,
        hostFunctions,
        signal: runOptions.signal,
        onLog: runOptions.onLog,
      });
    },
    async dispose(): Promise<void> {
      disposed = true;
      await executor.dispose();
    },
  };
  if (pool) registerPool(sandbox, pool);
  return sandbox;
}
