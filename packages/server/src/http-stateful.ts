// Stateful Streamable HTTP: one McpServer and transport per session, bound to the identity that opened it.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, isJSONRPCNotification, isJSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { SessionStore, Session } from './sessions.js';
import type { Logger } from './logger.js';
import { identityOf, rpcError } from './http-util.js';

export type Handler = (req: Request, res: Response) => Promise<void>;

export function statefulHandler(
  newServer: (identity?: string) => McpServer,
  sessions: SessionStore,
  logger: Logger,
): Handler {
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
    const identity = identityOf(req);
    const server = newServer(identity);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        release();
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
