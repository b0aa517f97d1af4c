import type { Server } from 'node:http';
import type { Request, Response } from 'express';
import { RunbyteError } from './errors.js';

/** Who sent a request: the `auth` set by bearerAuth (or an embedder's middleware), else nobody. */
export function identityOf(req: Request): string | undefined {
  return (req as Request & { auth?: { clientId?: string } }).auth?.clientId;
}

export function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new RunbyteError(
          'LISTEN_FAILED',
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use: stop the other process or choose another port.`
            : error.code === 'EADDRNOTAVAIL'
              ? `Cannot bind ${host}: this machine has no such address; use 127.0.0.1 or 0.0.0.0.`
              : `Cannot listen on ${host}:${port}: ${error.message}`,
          { host, port, cause: error.code },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
