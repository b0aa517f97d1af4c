import type { ImportHints } from '@runbyte/bundler';
import type { Hub } from '@runbyte/hub';
import type { Limits } from '@runbyte/sandbox';
import type { TypeChecker, TypeCheckResult } from '@runbyte/typecheck';
import type { ModuleSource, Workspace } from '@runbyte/vfs';
import { messageOf } from '@runbyte/utils';
import type { ExecuteOptions, ExecuteOutcome } from './execute.js';
import { describeFailure } from './errors.js';
import type { Logger } from './logger.js';
import type { Approvals } from './approvals.js';

export type { TypeCheckResult };

export interface PipelineParts {
  hub: Hub;
  modules: ModuleSource;
  builtins: Record<string, string>;
  hints: ImportHints;
  /** Folders whose modules import like the agent's file (`./servers/...`), e.g. the skills folder. */
  rootRelativeDirs?: string[];
  workspace: Workspace;
  /** Where large results are saved (the workspace folder with its own bounds); default the workspace. */
  results?: Workspace;
  resultsMaxBytes?: number;
  limits: Partial<Limits>;
  workers: number;
  progressIntervalMs: number;
  logger: Logger;
  approvals?: Approvals;
  elicitTimeoutMs?: number;
  /** Type-check agent code before it runs (default true). */
  typecheck?: boolean;
}

export interface Pipeline {
  execute(code: string, options: ExecuteOptions): Promise<ExecuteOutcome>;
  /**
   * Bundles and type-checks a module that is imported, not run (a skill); throws an Error whose message
   * is the text a failing execution would show ("Bundling failed (bundling) at /skills/x.ts:2:1: …" and frame).
   */
  check(code: string, filename: string): Promise<void>;
  /** Type-checks agent code the way execute does, without running it; `{ ok: true }` when checking is off. */
  typecheck(code: string, filename?: string): Promise<TypeCheckResult>;
  dispose(): Promise<void>;
}

/** The bundler and the sandbox, imported on demand: together they are most of Runbyte's start-up time
 * and memory (esbuild-wasm, @swc/wasm, QuickJS, worker threads), and listing or reading needs neither. */
export async function createPipeline(parts: PipelineParts): Promise<Pipeline> {
  const [
    { createBundler },
    { createSandbox, SANDBOX_GLOBALS_DTS },
    { createExecutor, bundlingFailure, typecheckFailure },
    { LIBRARY_DIR },
  ] = await Promise.all([
    import('@runbyte/bundler'),
    import('@runbyte/sandbox'),
    import('./execute.js'),
    import('@runbyte/codegen'),
  ]);
  const checker = parts.typecheck === false ? undefined : startChecker(parts, SANDBOX_GLOBALS_DTS);
  const sandbox = await createSandbox({
    limits: parts.limits,
    workers: parts.workers,
    logger: parts.logger,
    libraryDir: LIBRARY_DIR,
  });
  const bundler = createBundler({
    modules: parts.modules,
    builtins: parts.builtins,
    hints: parts.hints,
    ...(parts.rootRelativeDirs ? { rootRelativeDirs: parts.rootRelativeDirs } : {}),
  });

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
    ...(parts.results ? { results: parts.results } : {}),
    ...(parts.resultsMaxBytes !== undefined ? { resultsMaxBytes: parts.resultsMaxBytes } : {}),
    limits: parts.limits,
    progressIntervalMs: parts.progressIntervalMs,
    logger: parts.logger,
    ...(parts.approvals ? { approvals: parts.approvals } : {}),
    ...(parts.elicitTimeoutMs !== undefined ? { elicitTimeoutMs: parts.elicitTimeoutMs } : {}),
    ...(checker ? { typecheck } : {}),
  });
  return {
    execute,
    typecheck,
    async check(code, filename) {
      try {
        await bundler.check(code, { filename });
      } catch (error) {
        throw new Error(describeFailure(bundlingFailure(error)), { cause: error });
      }
      const checked = await typecheck(code, filename);
      if (!checked.ok) throw new Error(describeFailure(typecheckFailure(checked.diagnostics)));
    },
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
    createTypeChecker({
      read: (path) => parts.modules.read(path),
      globals,
      builtins: parts.builtins,
      ...(parts.rootRelativeDirs ? { rootRelativeDirs: parts.rootRelativeDirs } : {}),
    }),
  );
  void checker
    .then((c) => c.check('export async function exec() { return 1; }'))
    .then(
      () => parts.logger.debug('type-checker ready', { ms: Math.round(performance.now() - started) }),
      (error: unknown) => parts.logger.warn('type-checker failed to start', { error: messageOf(error) }),
    );
  return checker;
}
