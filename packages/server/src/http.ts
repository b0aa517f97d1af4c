import { createServer, type IncomingMessage } from 'node:http';
import express, { type Request, type Response, type NextFunction } from 'express';
import type { Runbyte } from './runbyte.js';
import { SessionStore } from './sessions.js';
import { bearerAuth, bearerMatcher, tokenIdentities } from './auth.js';
import { healthHandler } from './health-handler.js';
import { hostValidation, originValidation, isLoopback, normaliseHostnames, LOOPBACK_HOSTNAMES } from './origin.js';
import { RunbyteError, messageOf } from './errors.js';
import { internalsOf } from './internals.js';
import type { HttpServeOptions, HttpServerHandle } from './http-options.js';
import { statefulHandler } from './http-stateful.js';
import { statelessHandler } from './http-stateless.js';
import { listen, rpcError } from './http-util.js';

export type { HttpServeOptions, HttpServerHandle } from './http-options.js';

const DEFAULT_TTL_MS = 30 * 60_000;
const DEFAULT_MAX_SESSIONS = 100;

/** Serves Runbyte over Streamable HTTP on `/` and `/mcp`, with `/health`. Options default to the
 * Runbyte config's `server` section. */
export async function serveHttp(runbyte: Runbyte, options: HttpServeOptions = {}): Promise<HttpServerHandle> {
  const internals = internalsOf(runbyte);
  const settings = internals.config.server ?? {};
  const host = options.host ?? settings.host ?? '127.0.0.1';
  const port = options.port ?? settings.port ?? 3000;
  const authToken = options.authToken ?? settings.authToken;
  const stateless = options.stateless ?? settings.stateless ?? false;
  const ttlMs = options.sessionTtlMs ?? settings.sessionTtlMs ?? DEFAULT_TTL_MS;
  const allowedHostsOption = options.allowedHosts ?? settings.allowedHosts;
  const allowedOrigins = options.allowedOrigins ?? settings.allowedOrigins;
  const logger = options.logger ?? internals.logger;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;

  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RunbyteError('INVALID_OPTIONS', `port must be an integer from 0 to 65535, got ${JSON.stringify(port)}.`, {
      port,
    });
  }
  if (!(ttlMs > 0)) {
    throw new RunbyteError('INVALID_OPTIONS', `sessionTtlMs must be a positive number, got ${JSON.stringify(ttlMs)}.`, {
      sessionTtlMs: ttlMs,
    });
  }
  if (!Number.isInteger(maxSessions) || maxSessions < 1) {
    throw new RunbyteError(
      'INVALID_OPTIONS',
      `maxSessions must be a whole number from 1, got ${JSON.stringify(maxSessions)}.`,
      {
        maxSessions,
      },
    );
  }
  const tokens = tokenIdentities(authToken, options.authTokens ?? settings.authTokens);
  for (const [identity, token] of tokens) {
    if (token.trim() === '')
      throw new RunbyteError(
        'INVALID_OPTIONS',
        `${identity === 'token' ? 'authToken' : `authTokens.${identity}`} is empty: set a long random token or leave it unset.`,
      );
  }
  const authRequired = tokens.size > 0;

  const loopback = isLoopback(host);
  // Like the SDK's createMcpExpressApp: loopback binds accept only loopback Host headers unless told
  // otherwise; wider binds check Host only when allowedHosts is given (then the token is the guard).
  const allowedHostnames = allowedHostsOption
    ? normaliseHostnames(allowedHostsOption)
    : loopback
      ? LOOPBACK_HOSTNAMES
      : undefined;
  if (!loopback && !authRequired) {
    logger.warn(
      `SECURITY WARNING: Runbyte is listening on ${host}:${port} without an auth token. Anyone who can reach this ` +
        'port can run code and call every downstream tool with your credentials. Set server.authToken ' +
        '(clients send "Authorization: Bearer <token>"), or bind to 127.0.0.1.',
    );
  }

  let closing = false;
  const sessions = new SessionStore(ttlMs, logger, maxSessions);
  const app = express();
  app.disable('x-powered-by');
  // Refused requests are logged with where they came from (never the Authorization header), so a
  // misconfigured client or a probe shows up in the logs.
  app.use((req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode !== 401 && res.statusCode !== 403) return;
      logger.warn(`refused ${req.method} ${req.path} with ${res.statusCode}`, {
        remote: req.socket.remoteAddress,
        host: req.headers.host,
        ...(req.headers.origin ? { origin: req.headers.origin } : {}),
      });
    });
    next();
  });
  if (allowedHostnames) app.use(hostValidation(allowedHostnames));
  app.use(originValidation(allowedOrigins, allowedHostnames));
  app.get(
    '/health',
    healthHandler(runbyte, () => closing, authRequired ? matchesToken(bearerMatcher(tokens)) : undefined),
  );

  const mcpHandlers: express.RequestHandler[] = [];
  if (authRequired) mcpHandlers.push(bearerAuth(tokens));
  mcpHandlers.push(express.json({ limit: options.maxBodyBytes ?? 4 * 1024 * 1024 }));
  const newServer = (identity?: string) => internals.createMcpServer(identity);
  const handle = stateless ? statelessHandler(newServer, logger) : statefulHandler(newServer, sessions, logger);
  app.all(['/', '/mcp'], ...mcpHandlers, (req: Request, res: Response) => {
    if (closing) {
      rpcError(res, 503, -32000, 'Runbyte is shutting down.');
      return;
    }
    handle(req, res).catch((error: unknown) => {
      logger.error('HTTP request failed', { error: messageOf(error) });
      if (!res.headersSent) rpcError(res, 500, -32603, 'Internal server error.');
    });
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'Not found: the MCP endpoint is /mcp (or /), health is /health.' });
  });
  // express's body parser reports malformed JSON and oversized bodies as errors; answer in JSON-RPC.
  app.use(
    (
      error: { type?: string; status?: number; message?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') rpcError(res, 400, -32700, 'Parse error: the body is not valid JSON.');
      else if (error.type === 'entity.too.large') rpcError(res, 413, -32600, 'Request body too large.');
      else rpcError(res, error.status ?? 500, -32603, error.message ?? 'Internal server error.');
    },
  );

  const server = createServer(app);
  await listen(server, port, host);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  logger.info('Runbyte HTTP server listening', { host, port: actualPort, stateless, auth: authRequired });

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${actualPort}/mcp`,
    port: actualPort,
    host,
    get sessions() {
      return sessions.size;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        await sessions.closeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closed;
    },
  };
}

function matchesToken(match: (req: IncomingMessage) => string | undefined): (req: IncomingMessage) => boolean {
  return (req) => match(req) !== undefined;
}
