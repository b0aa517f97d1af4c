import { createRunbyte, type Runbyte, type RunbyteConfig } from '@runbyte/server';
import type { Logger } from '../logger.js';

/** Starts the pipeline and reports each downstream server once: ready with its tool count, or why not. */
export async function startRunbyte(config: RunbyteConfig, logger: Logger): Promise<Runbyte> {
  const runbyte = await createRunbyte(config, { logger });
  for (const state of runbyte.hub.servers()) {
    if (state.status === 'ready') logger.info(`downstream server "${state.name}" ready`, { tools: state.tools.length, transport: state.transport });
    else logger.warn(`downstream server "${state.name}" is ${state.status}${state.error ? `: ${state.error}` : ''}`, { server: state.name });
  }
  // Later changes too: a server that crashes, comes back or changes its tools should be visible in the logs.
  runbyte.hub.on('statusChanged', (state) => {
    if (state.status === 'ready') logger.info(`downstream server "${state.name}" is now ready`, { tools: state.tools.length });
    else if (state.status === 'closed') logger.debug(`downstream server "${state.name}" closed`);
    else logger.warn(`downstream server "${state.name}" is now ${state.status}${state.error ? `: ${state.error}` : ''}`);
  });
  return runbyte;
}

/** Resolves on the first SIGINT, SIGTERM or SIGHUP with its name; a second one exits at once. */
export function untilSignal(logger: Logger): { signal: Promise<string>; dispose(): void } {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let resolveSignal!: (name: string) => void;
  const signal = new Promise<string>((resolve) => (resolveSignal = resolve));
  let received = false;
  const handler = (name: NodeJS.Signals): void => {
    if (received) {
      logger.warn(`${name} again: exiting without waiting for shutdown`);
      process.exit(130);
    }
    received = true;
    resolveSignal(name);
  };
  for (const name of signals) process.on(name, handler);
  return { signal, dispose: () => signals.forEach((name) => process.off(name, handler)) };
}
