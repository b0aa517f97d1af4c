import { serveHttp, serveStdio, type Runbyte, type RunbyteConfig } from '@runbyte/server';
import type { Logger } from '../logger.js';
import type { ServeSettings } from '../settings.js';
import { checkPortFree } from './port.js';
import { startRunbyte, untilSignal } from './start.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** Serves MCP until a signal arrives (or, over stdio, until the client closes stdin); then shuts down
 * cleanly: sessions closed, executions cancelled, downstream processes stopped. Resolves to the exit code. */
export async function serve(config: RunbyteConfig, settings: ServeSettings, logger: Logger): Promise<number> {
  const signals = untilSignal(logger);
  let runbyte: Runbyte | undefined;
  try {
    // The server section carries the effective settings so that /health and the sessions agree with them.
    const server = { ...config.server, host: settings.host, port: settings.port, stateless: settings.stateless };
    const effective: RunbyteConfig = {
      ...config,
      server: settings.authToken ? { ...server, authToken: settings.authToken } : server,
    };
    if (settings.transport === 'http') await checkPortFree(settings.host, settings.port);
    const starting = startRunbyte(effective, logger, { waitForServers: false });
    // A signal while downstream servers are still connecting should not wait for their timeouts.
    const first = await Promise.race([starting, signals.signal.then((name) => ({ name }))]);
    if ('name' in first) {
      logger.info(`${first.name} while starting: shutting down`);
      void starting.then((r) => r.close()).catch(() => {});
      await Promise.race([starting.then((r) => r.close()).catch(() => {}), delay(SHUTDOWN_GRACE_MS)]);
      return 0;
    }
    runbyte = first;

    let handle: { close(): Promise<void> };
    let stopped: Promise<string>;
    if (settings.transport === 'stdio') {
      const stdio = await serveStdio(runbyte);
      handle = stdio;
      stopped = Promise.race([signals.signal, stdio.closed.then(() => 'stdin closed')]);
      logger.info('Runbyte serving MCP over stdio', { servers: runbyte.servers().length });
      if (process.stdin.isTTY) {
        logger.info(
          'stdin is a terminal: stdio mode expects an MCP client to start runbyte. Try `runbyte ls /servers`, `runbyte --transport http`, or Ctrl-C to stop.',
        );
      }
    } else {
      const http = await serveHttp(runbyte, {
        host: settings.host,
        port: settings.port,
        stateless: settings.stateless,
        ...(settings.authToken ? { authToken: settings.authToken } : {}),
        logger,
      });
      handle = http;
      stopped = signals.signal;
      logger.info(`Runbyte serving MCP on ${http.url}`, {
        health: http.url.replace(/\/mcp$/, '/health'),
        auth: Boolean(settings.authToken) || Object.keys(config.server?.authTokens ?? {}).length > 0,
        ...(config.server?.workspacePerClient ? { workspacePerClient: true } : {}),
      });
    }

    const reason = await stopped;
    logger.info(`shutting down (${reason})`);
    const finished = (async () => {
      await handle.close().catch((error: unknown) => logger.warn('closing the transport failed', { error }));
      await runbyte.close();
    })();
    const outcome = await Promise.race([
      finished.then(() => 'done' as const),
      delay(SHUTDOWN_GRACE_MS).then(() => 'late' as const),
    ]);
    if (outcome === 'late') {
      logger.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
      return 1;
    }
    logger.info('stopped');
    return 0;
  } catch (error) {
    await runbyte?.close().catch(() => {});
    throw error;
  } finally {
    signals.dispose();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
