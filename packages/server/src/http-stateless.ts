// Stateless Streamable HTTP: a fresh McpServer per POST, for replicas behind a load balancer.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { messageOf } from './errors.js';
import type { Logger } from './logger.js';
import type { Handler } from './http-stateful.js';
import { identityOf, rpcError } from './http-util.js';

export function statelessHandler(newServer: (identity?: string) => McpServer, logger: Logger): Handler {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.set('Allow', 'POST');
      rpcError(res, 405, -32000, 'Method not allowed: this server is stateless; send each request as a POST.');
      return;
    }
    const server = newServer(identityOf(req));
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
