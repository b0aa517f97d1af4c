import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { RemoteServerConfig } from '../types.js';
import { boundedFetch } from './bounded-fetch.js';
import { registerSdkHttpErrors } from './http-errors.js';

/** Loaded on first use, so a hub with only stdio servers never loads the HTTP client and its dependencies. */
export async function createStreamableHttpTransport(
  config: RemoteServerConfig,
  authProvider: OAuthClientProvider | undefined,
  limits: { maxResultBytes: number },
): Promise<StreamableHTTPClientTransport> {
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  await registerSdkHttpErrors();
  return new StreamableHTTPClientTransport(new URL(config.url), {
    ...(config.headers ? { requestInit: { headers: config.headers } } : {}),
    ...(authProvider ? { authProvider } : {}),
    fetch: boundedFetch(limits.maxResultBytes),
  });
}
