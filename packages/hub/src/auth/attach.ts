import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { RemoteServerConfig } from '../types.js';
import { NeedsLoginError, NotOAuthError, StoredOAuthProvider } from './provider.js';
import type { CredentialStore } from './store.js';

/**
 * The OAuth provider of a remote server's transport, or undefined when there is no store or the config
 * sends its own Authorization header (a static token wins; OAuth would replace it).
 */
export function oauthProviderFor(
  name: string,
  config: RemoteServerConfig,
  store: CredentialStore | undefined,
): OAuthClientProvider | undefined {
  if (!store) return undefined;
  if (Object.keys(config.headers ?? {}).some((key) => key.toLowerCase() === 'authorization')) return undefined;
  return new StoredOAuthProvider(name, config.url, config.oauth, store);
}

export function isNeedsLogin(error: unknown): boolean {
  return error instanceof NeedsLoginError;
}

/** A 401 that no login can fix, already described; undefined for any other error. */
export function notOAuthReason(error: unknown): string | undefined {
  return error instanceof NotOAuthError ? error.message : undefined;
}
