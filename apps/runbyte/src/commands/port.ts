import { createServer } from 'node:net';
import { RunbyteCliError } from '../errors.js';

/**
 * Binds host:port once and lets it go, before any downstream server starts: a port in use then fails at
 * once, instead of after Runbyte has spawned (and must stop again) every process of the config.
 */
export function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new RunbyteCliError(
          'LISTEN_FAILED',
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use: stop the other process or choose another port (--port, RUNBYTE_PORT or server.port).`
            : error.code === 'EADDRNOTAVAIL'
              ? `Cannot bind ${host}: this machine has no such address; use 127.0.0.1 or 0.0.0.0.`
              : `Cannot listen on ${host}:${port}: ${error.message}.`,
        ),
      );
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
