import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type NextFunction } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, isJSONRPCNotification, isJSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Runbyte } from './runbyte.js';
import { SessionStore, type Session } from './sessions.js';
import { bearerAuth, bearerMatcher, tokenIdentities } from './auth.js';
import { healthHandler } from './health-handler.js';
import { hostValidation, originValidation, isLoopback, normaliseHostnames, LOOPBACK_HOSTNAMES } from './origin.js';
import { RunbyteError, messageOf } from './errors.js';
import type { Logger } from './logger.js';

export interface HttpServeOptions {
  /** Interface to bind (default 127.0.0.1). Beyond loopback, set authToken. */
  host?: string;
  /** Port (default 3000; 0 picks a free one). */
  port?: number;
  /** Require `Authorization: Bearer <authToken>` on the MCP endpoints. */
  authToken?: string;
  /**
   * Tokens by client name, accepted besides authToken. Each name is an identity: a session belongs to
   * the identity that opened it, and another identity gets 404 for it (use or DELETE).
   */
  authTokens?: Record<string, string>;
  /** One fresh server per request and no sessions, for replicas behind a load balancer. */
  stateless?: boolean;
  /** Close a session after this long without requests (default 30 min). */
  sessionTtlMs?: number;
  /** Hostnames accepted in the Host header (default: the loopback names when bound to loopback). */
  allowedHosts?: string[];
  /** Origins accepted from browsers, e.g. "https://app.example.com" (loopback origins pass by default). */
  allowedOrigins?: string[];
  /**
   * Most stateful sessions open at once (default 100). At the limit a new session replaces the one idle
   * longest; initialize gets a 503 only when every session has a request open.
   */
  maxSessions?: number;
  /** Largest accepted request body (default 4 MiB). */
  maxBodyBytes?: number;
  logger?: Logger;
}

export interface HttpServerHandle {
  /** The MCP endpoint, e.g. http://127.0.0.1:3000/mcp (also served on /). */
  url: string;
  port: number;
  host: string;
  /** Number of open stateful sessions. */
  readonly sessions: number;
  /** Ends every session (cancelling its executions) and stops listening. Does not close the Runbyte. */
  close(): Promise<void>;
}

const DEFAULT_TTL_MS = 30 * 60_000;
const DEFAULT_MAX_SESSIONS = 100;

/** Serves Runbyte over Streamable HTTP on `/` and `/mcp`, with `/health`. Options default to the
 * Runbyte config's `server` section. */
export async function serveHttp(runbyte: Runbyte, options: HttpServeOptions = {}): Promise<HttpServerHandle> {
  const settings = runbyte.config.server ?? {};
  const host = options.host ?? settings.host ?? '127.0.0.1';
  const port = options.port ?? settings.port ?? 3000;
  const authToken = options.authToken ?? settings.authToken;
  const stateless = options.stateless ?? settings.stateless ?? false;
  const ttlMs = options.sessionTtlMs ?? settings.sessionTtlMs ?? DEFAULT_TTL_MS;
  const allowedHostsOption = options.allowedHosts ?? settings.allowedHosts;
  const allowedOrigins = options.allowedOrigins ?? settings.allowedOrigins;
  const logger = options.logger ?? runbyte.logger;
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
  const tokens = tokenIdentities(authToken, options.authTokens);
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
  const handle = stateless ? statelessHandler(runbyte, logger) : statefulHandler(runbyte, sessions, logger);
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

type Handler = (req: Request, res: Response) => Promise<void>;

function statefulHandler(runbyte: Runbyte, sessions: SessionStore, logger: Logger): Handler {
  return async (req, res) => {
    const sessionId = req.header('mcp-session-id');
    if (sessionId) {
      const session = sessions.get(sessionId);
      // Another identity's session is answered as if it did not exist: B can neither use nor end A's.
      if (session && session.identity !== identityOf(req)) {
        logger.warn('refused a request for the session of another client', {
          remote: req.socket.remoteAddress,
          ...(identityOf(req) === undefined ? {} : { identity: identityOf(req) }),
        });
      }
      if (!session || session.identity !== identityOf(req)) {
        rpcError(res, 404, -32001, 'Session not found: it ended or expired; send initialize to start a new one.');
        return;
      }
      await handleInSession(session, sessions, req, res);
      return;
    }
    if (req.method !== 'POST' || !containsInitialize(req.body)) {
      rpcError(res, 400, -32000, 'Bad Request: send initialize first, then the Mcp-Session-Id header it returns.');
      return;
    }
    // Each session holds a server and its state until it ends or expires: without a cap, a client
    // opening sessions in a loop grows memory without bound.
    const release = sessions.reserve();
    if (!release) {
      logger.warn('refused a new session: the session limit is reached and every session is busy', {
        sessions: sessions.size,
      });
      rpcError(
        res,
        503,
        -32000,
        `Too many sessions: all ${sessions.max} open sessions are busy with a request. Retry when one finishes, or end unused sessions (DELETE with their Mcp-Session-Id).`,
      );
      return;
    }
    res.on('close', release);
    const server = runbyte.createMcpServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        release();
        const identity = identityOf(req);
        sessions.add({
          id,
          server,
          transport,
          lastActive: Date.now(),
          openRequests: 0,
          ...(identity ? { identity } : {}),
        });
      },
      onsessionclosed: (id) => {
        void sessions.remove(id, 'ended by the client');
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) void sessions.remove(transport.sessionId, 'transport closed');
    };
    res.on('close', () => {
      // An initialize that never produced a session leaves nothing to keep.
      if (!transport.sessionId || !sessions.get(transport.sessionId)) void server.close().catch(() => {});
    });
    await server.connect(transport);
    endStreamsOfCancelledRequests(transport);
    await transport.handleRequest(req, res, req.body);
    logger.debug('initialize handled', { session: transport.sessionId });
  };
}

/** Who sent a request: the `auth` set by bearerAuth (or an embedder's middleware), else nobody. */
function identityOf(req: Request): string | undefined {
  return (req as Request & { auth?: { clientId?: string } }).auth?.clientId;
}

function matchesToken(match: (req: IncomingMessage) => string | undefined): (req: IncomingMessage) => boolean {
  return (req) => match(req) !== undefined;
}

async function handleInSession(session: Session, sessions: SessionStore, req: Request, res: Response): Promise<void> {
  const done = sessions.track(session);
  res.on('close', () => {
    done();
    // The client went away before its answer: cancel its calls so their downstream work stops too.
    if (!res.writableFinished && req.method === 'POST')
      cancelRequests(session.transport, req.body, 'client disconnected');
  });
  await session.transport.handleRequest(req, res, req.body);
}

function statelessHandler(runbyte: Runbyte, logger: Logger): Handler {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.set('Allow', 'POST');
      rpcError(res, 405, -32000, 'Method not allowed: this server is stateless; send each request as a POST.');
      return;
    }
    const server = runbyte.createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      // Closing the server aborts any handler still running, which cancels its downstream calls.
      void server
        .close()
        .catch((error: unknown) => logger.debug('closing a stateless server failed', { error: messageOf(error) }));
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}

/**
 * The SDK sends nothing for a cancelled request, so its SSE response would stay open until the client
 * hangs up, keeping the session busy forever. End that stream once the cancellation is processed.
 */
function endStreamsOfCancelledRequests(transport: StreamableHTTPServerTransport): void {
  const onmessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    onmessage?.(message, extra);
    if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled') {
      const requestId = (message.params as { requestId?: string | number } | undefined)?.requestId;
      if (requestId !== undefined) setImmediate(() => transport.closeSSEStream(requestId));
    }
  };
}

function containsInitialize(body: unknown): boolean {
  return Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);
}

/** Feeds the protocol the cancellation a client would have sent, so the handlers' signals abort. */
function cancelRequests(transport: Transport, body: unknown, reason: string): void {
  for (const message of Array.isArray(body) ? body : [body]) {
    if (isJSONRPCRequest(message)) {
      transport.onmessage?.({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: message.id, reason },
      });
    }
  }
}

function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function listen(server: Server, port: number, host: string): Promise<void> {
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
