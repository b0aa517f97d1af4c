import type { Hub } from '@runbyte/hub';
import type { Limits } from '@runbyte/sandbox';
import type { TypeChecker, TypeCheckResult } from '@runbyte/typecheck';
import type { ModuleSource, Workspace } from '@runbyte/vfs';
import { messageOf } from '@runbyte/utils';
import { createExecutor, type ExecuteOptions, type ExecuteOutcome } from './execute.js';
import type { Logger } from './logger.js';

export type { TypeCheckResult };

export interface PipelineParts {
  hub: Hub;
  modules: ModuleSource;
  builtins: Record<string, string>;
  workspace: Workspace;
  limits: Partial<Limits>;
  workers: number;
  progressIntervalMs: number;
  logger: Logger;
  /** Type-check agent code before it runs (default true). */
  typecheck?: boolean;
}

export interface Pipeline {
  execute(code: string, options: ExecuteOptions): Promise<ExecuteOutcome>;
  /** Type-checks agent code the way execute does, without running it; `{ ok: true }` when checking is off. */
  typecheck(code: string, filename?: string): Promise<TypeCheckResult>;
  dispose(): Promise<void>;
}

/** The bundler and the sandbox, imported on demand: together they are most of Runbyte's start-up time
 * and memory (esbuild-wasm, @swc/wasm, QuickJS, worker threads), and listing or reading needs neither. */
export async function createPipeline(parts: PipelineParts): Promise<Pipeline> {
  const [{ createBundler }, { createSandbox, SANDBOX_GLOBALS_DTS }] = await Promise.all([
    import('@runbyte/bundler'),
    import('@runbyte/sandbox'),
  ]);
  const checker = parts.typecheck === false ? undefined : startChecker(parts, SANDBOX_GLOBALS_DTS);
  const sandbox = await createSandbox({ limits: parts.limits, workers: parts.workers, logger: parts.logger });
  const bundler = createBundler({ modules: parts.modules, builtins: parts.builtins });

  let broken = false;
  async function typecheck(code: string, filename?: string): Promise<TypeCheckResult> {
    if (!checker || broken) return { ok: true };
    try {
      return await (await checker).check(code, filename);
    } catch (error) {
      // The checker is a safety net: when it fails, code runs unchecked rather than not at all.
      broken = true;
      parts.logger.warn('type-checking failed; executions run unchecked from now on', { error: messageOf(error) });
      return { ok: true };
    }
  }

  const execute = createExecutor({
    hub: parts.hub,
    bundler,
    sandbox,
    workspace: parts.workspace,
    limits: parts.limits,
    progressIntervalMs: parts.progressIntervalMs,
    logger: parts.logger,
    ...(checker ? { typecheck } : {}),
  });
  return {
    execute,
    typecheck,
    async dispose() {
      await Promise.allSettled([bundler.dispose(), sandbox.dispose(), checker?.then((c) => c.dispose())]);
    },
  };
}

/**
 * Loads the TypeScript compiler (the largest module Runbyte has) in the background and warms it with
 * a first check, which parses the lib files: the first real check then costs about what later ones do.
 */
function startChecker(parts: PipelineParts, globals: string): Promise<TypeChecker> {
  const started = performance.now();
  const checker = import('@runbyte/typecheck').then(({ createTypeChecker }) =>
    createTypeChecker({ read: (path) => parts.modules.read(path), globals, builtins: parts.builtins }),
  );
  void checker
    .then((c) => c.check('export async function exec() { return 1; }'))
    .then(
      () => parts.logger.debug('type-checker ready', { ms: Math.round(performance.now() - started) }),
      (error: unknown) => parts.logger.warn('type-checker failed to start', { error: messageOf(error) }),
    );
  return checker;
}
