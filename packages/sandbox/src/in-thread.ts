// In-thread execution: QuickJS runs on the calling thread (the default; for CLIs and scripts).
import type { ExecutionRequest, Executor } from './executor.js';
import { loadedModule, loadModule } from './module.js';
import { execute } from './run/execute.js';
import type { Logger } from './types.js';

export class InThreadExecutor implements Executor {
  private constructor(
    private readonly logger: Logger | undefined,
    private readonly libraryDir: string | undefined,
  ) {}

  static async start(logger: Logger | undefined, libraryDir: string | undefined): Promise<InThreadExecutor> {
    await loadModule();
    return new InThreadExecutor(logger, libraryDir);
  }

  async run(request: ExecutionRequest) {
    // A module retired after a broken run is reloaded here.
    const module = loadedModule() ?? (await loadModule());
    return execute(module, request.input, {
      limits: request.limits,
      hostFunctions: request.hostFunctions,
      signal: request.signal,
      logger: this.logger,
      onLog: request.onLog,
      libraryDir: this.libraryDir,
    });
  }

  async dispose(): Promise<void> {
    // The WASM module is process-wide and stays loaded for other sandboxes.
  }
}
