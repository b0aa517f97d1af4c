import type { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { RemoteServerConfig } from '../types.js';
import { boundedFetch } from './bounded-fetch.js';
import { registerSdkHttpErrors } from './http-errors.js';

/**
 * The SDK adds `requestInit.headers` both to the POSTs and to the EventSource GET that opens the stream
 * (its `_commonHeaders`), so `eventSourceInit` is left alone: setting its `fetch` would bypass that.
 * The transport's own `fetch` (which the SDK wraps with those headers, for the stream and the POSTs)
 * bounds each event of the stream; see boundedFetch. Loaded on first use, like the Streamable HTTP client.
 */
export async function createSseTransport(
  config: RemoteServerConfig,
  authProvider: OAuthClientProvider | undefined,
  limits: { maxResultBytes: number },
): Promise<SSEClientTransport> {
  const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
  await registerSdkHttpErrors();
  return new SSEClientTransport(new URL(config.url), {
    ...(config.headers ? { requestInit: { headers: config.headers } } : {}),
    ...(authProvider ? { authProvider } : {}),
    fetch: boundedFetch(limits.maxResultBytes),
  });
}
