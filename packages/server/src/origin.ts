import type { RequestHandler } from 'express';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';

export const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopback(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Hostnames without ports, the form the SDK's middleware compares ("[::1]" for IPv6). */
export function normaliseHostnames(hosts: string[]): string[] {
  return hosts.map((host) => {
    const bareIpv6 = !host.startsWith('[') && host.split(':').length > 2;
    try {
      return new URL(`http://${bareIpv6 ? `[${host}]` : host}`).hostname;
    } catch {
      return host.toLowerCase();
    }
  });
}

/** DNS-rebinding protection: the Host header must name one of the allowed hostnames (the SDK's own
 * middleware, answering 403 with a JSON-RPC error body). */
export function hostValidation(allowedHostnames: string[]): RequestHandler {
  return hostHeaderValidation(allowedHostnames);
}

/**
 * A browser always sends Origin; a page on a foreign site must not reach a local server. Requests
 * without Origin (every non-browser MCP client) pass. An Origin passes when it is listed exactly, or
 * when its hostname is one of the allowed hostnames (so http://localhost:6274, the Inspector, works).
 * With neither list (bound beyond loopback without allowedHosts) any Origin passes: the token guards.
 */
export function originValidation(
  allowedOrigins: string[] | undefined,
  allowedHostnames: string[] | undefined,
): RequestHandler {
  const exact = new Set((allowedOrigins ?? []).map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || (!allowedOrigins && !allowedHostnames)) {
      next();
      return;
    }
    let hostname: string | undefined;
    try {
      hostname = new URL(origin).hostname;
    } catch {
      hostname = undefined;
    }
    if (exact.has(origin.toLowerCase()) || (hostname !== undefined && allowedHostnames?.includes(hostname))) {
      next();
      return;
    }
    res.status(403).json({ jsonrpc: '2.0', error: { code: -32000, message: `Invalid Origin: ${origin}` }, id: null });
  };
}
