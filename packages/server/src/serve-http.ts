import type { HttpServeOptions, HttpServerHandle } from './http-options.js';
import type { Runbyte } from './runbyte.js';

/**
 * Serves MCP over Streamable HTTP (see HttpServeOptions). Express and the SDK's HTTP transport load
 * here, on the first call, so that a stdio server never pays for them.
 */
export async function serveHttp(runbyte: Runbyte, options: HttpServeOptions = {}): Promise<HttpServerHandle> {
  const http = await import('./http.js');
  return http.serveHttp(runbyte, options);
}
