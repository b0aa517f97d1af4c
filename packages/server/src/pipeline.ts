import type { ImportHints } from '@runbyte/bundler';
import type { Hub } from '@runbyte/hub';
import type { Limits } from '@runbyte/sandbox';
import type { ModuleSource, Workspace } from '@runbyte/vfs';
import type { ExecuteOptions, ExecuteOutcome } from './execute.js';
import { describeFailure } from './errors.js';
import type { Logger } from './logger.js';
import type { Approvals } from './approvals.js';

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
}

export interface Pipeline {
  execute(code: string, options: ExecuteOptions): Promise<ExecuteOutcome>;
  /**
   * Bundles a module that is imported, not run (a skill); throws an Error whose message is the text an
   * execution failing to bundle would show ("Bundling failed (bundling) at /skills/x.ts:2:1: …" and frame).
   */
  check(code: string, filename: string): Promise<void>;
  dispose(): Promise<void>;
}

/** The bundler and the sandbox, imported on demand: together they are most of Runbyte's start-up time
 * and memory (esbuild-wasm, @swc/wasm, QuickJS, worker threads), and listing or reading needs neither. */
export async function createPipeline(parts: PipelineParts): Promise<Pipeline> {
  const [{ createBundler }, { createSandbox }, { createExecutor, bundlingFailure }, { LIBRARY_DIR }] =
    await Promise.all([
      import('@runbyte/bundler'),
      import('@runbyte/sandbox'),
      import('./execute.js'),
      import('@runbyte/codegen'),
    ]);
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
  });
  return {
    execute,
    async check(code, filename) {
      try {
        await bundler.check(code, { filename });
      } catch (error) {
        throw new Error(describeFailure(bundlingFailure(error)), { cause: error });
      }
    },
    async dispose() {
      await Promise.allSettled([bundler.dispose(), sandbox.dispose()]);
    },
  };
}
