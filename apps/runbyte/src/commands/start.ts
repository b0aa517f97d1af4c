import { createFileCredentialStore } from '@runbyte/hub';
import { createRunbyte, type Runbyte, type RunbyteConfig } from '@runbyte/server';
import { credentialsFile } from '../config/defaults.js';
import type { Logger } from '../logger.js';

/** Starts the pipeline and, once every downstream server has settled, sums them up in one line (the hub
 * logs each server's state changes, with the reasons, itself). One-shot commands wait for that; `serve`
 * answers its client at once and lets the servers come up in the background. */
export async function startRunbyte(
  config: RunbyteConfig,
  logger: Logger,
  options: { waitForServers?: boolean } = {},
): Promise<Runbyte> {
  const credentials = createFileCredentialStore(credentialsFile());
  const runbyte = await createRunbyte(config, { logger, credentials });
  const summed = runbyte.ready.then(() => summarise(runbyte, logger));
  if (options.waitForServers !== false) await summed;
  return runbyte;
}

function summarise(runbyte: Runbyte, logger: Logger): void {
  const states = runbyte.servers();
  const ready = states.filter((s) => s.status === 'ready').map((s) => s.name);
  const notReady = states.filter((s) => s.status !== 'ready').map((s) => s.name);
  const summary = `${ready.length} of ${states.length} downstream servers ready`;
  if (notReady.length === 0) logger.info(summary, { ready });
  else
    logger.warn(`${summary}; not ready: ${notReady.join(', ')} (see the messages above; Runbyte serves the others)`, {
      ready,
      notReady,
    });
}

/**
 * A wrapper such as `pnpm start` or `npm start` forwards the terminal's Ctrl-C to us, which the terminal
 * also sent us directly (one process group): the same signal this soon after the first is that echo.
 */
const ECHO_MS = 1_000;

/** Resolves on the first SIGINT, SIGTERM or SIGHUP with its name; a second one exits at once. */
export function untilSignal(logger: Logger): { signal: Promise<string>; dispose(): void } {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let resolveSignal!: (name: string) => void;
  const signal = new Promise<string>((resolve) => (resolveSignal = resolve));
  let received: { name: string; at: number } | undefined;
  const handler = (name: NodeJS.Signals): void => {
    if (received && received.name === name && Date.now() - received.at < ECHO_MS) return;
    if (received) {
      logger.warn(`${name} again: exiting without waiting for shutdown`);
      process.exit(130);
    }
    received = { name, at: Date.now() };
    resolveSignal(name);
  };
  for (const name of signals) process.on(name, handler);
  return { signal, dispose: () => signals.forEach((name) => process.off(name, handler)) };
}
