import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { displayUrl } from '../reasons.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthSettings } from '../types.js';
import type { CredentialStore } from './store.js';

/** The server wants an OAuth login that only a person can give (`runbyte login <server>`). */
export class NeedsLoginError extends Error {
  constructor(readonly why: string) {
    super(`it needs an OAuth login (${why})`);
    this.name = 'NeedsLoginError';
  }
}

/** A 401 from a server that publishes no OAuth metadata: a login cannot help, its credentials are wrong. */
export class NotOAuthError extends Error {
  constructor(url: string) {
    super(
      `HTTP 401 from ${url}, which publishes no OAuth metadata to log in with (check the credentials in "headers", e.g. Authorization)`,
    );
    this.name = 'NotOAuthError';
  }
}

/** What only an interactive login has: where the browser comes back to, and what to do with the URL. */
export interface LoginSession {
  redirectUrl: string;
  state: string;
  onAuthorizationUrl(url: URL): void | Promise<void>;
}

// Never used by the hub (it never redirects a browser); the SDK only needs an interactive flow to have one.
const PLACEHOLDER_REDIRECT = 'http://127.0.0.1/callback';

/**
 * The SDK's OAuth client provider over a CredentialStore. Without a login session (the hub) it uses and
 * refreshes what is stored but never registers a client or starts an authorization: that would need a
 * browser, so it throws NeedsLoginError instead. With one (`runbyte login`) it runs the whole flow.
 */
export class StoredOAuthProvider implements OAuthClientProvider {
  constructor(
    private readonly server: string,
    private readonly url: string,
    private readonly settings: OAuthSettings | undefined,
    private readonly store: CredentialStore,
    private readonly login?: LoginSession,
  ) {}

  /** What the last discovery found; the SDK falls back to guessing when a server publishes nothing. */
  private discovered: OAuthDiscoveryState | undefined;

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovered = state;
  }

  get redirectUrl(): string {
    return this.login?.redirectUrl ?? PLACEHOLDER_REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    const scope = this.settings?.scopes?.join(' ');
    return {
      client_name: 'Runbyte',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.settings?.clientSecret ? 'client_secret_basic' : 'none',
      ...(scope ? { scope } : {}),
    };
  }

  state(): string {
    return this.login?.state ?? '';
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    if (this.discovered && !this.discovered.resourceMetadata && !this.discovered.authorizationServerMetadata)
      throw new NotOAuthError(displayUrl(this.url));
    const stored = this.entry()?.client;
    const clientId = this.settings?.clientId;
    if (clientId !== undefined) {
      // A configured client: the stored copy only adds the SDK's issuer stamp.
      const base = stored?.client_id === clientId ? stored : {};
      return {
        ...base,
        client_id: clientId,
        ...(this.settings?.clientSecret ? { client_secret: this.settings.clientSecret } : {}),
      };
    }
    if (!stored) {
      if (!this.login) throw new NeedsLoginError('no login stored');
      return undefined;
    }
    // A registration made for another loopback port cannot receive this login's redirect: register anew.
    const uris = (stored as { redirect_uris?: unknown }).redirect_uris;
    if (this.login && Array.isArray(uris) && !uris.includes(this.login.redirectUrl)) return undefined;
    return stored;
  }

  saveClientInformation(client: OAuthClientInformationMixed): void {
    this.change((entry) => ({ ...entry, client }));
  }

  tokens(): OAuthTokens | undefined {
    return this.entry()?.tokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    // A finished login's verifier is of no further use.
    this.change((entry) => ({ ...(entry.client ? { client: entry.client } : {}), tokens }));
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    if (!this.login) throw new NeedsLoginError(this.tokens() ? 'the stored login has expired' : 'no login stored');
    await this.login.onAuthorizationUrl(url);
  }

  saveCodeVerifier(codeVerifier: string): void {
    // The hub never starts a login, and must not overwrite the verifier of one that is under way.
    if (this.login) this.change((entry) => ({ ...entry, codeVerifier }));
  }

  codeVerifier(): string {
    const verifier = this.entry()?.codeVerifier;
    if (!verifier) throw new NeedsLoginError('the login was not started here');
    return verifier;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    this.change(({ client, tokens, codeVerifier }) => ({
      ...(client && scope !== 'all' && scope !== 'client' ? { client } : {}),
      ...(tokens && scope !== 'all' && scope !== 'tokens' ? { tokens } : {}),
      ...(codeVerifier && scope !== 'all' && scope !== 'verifier' ? { codeVerifier } : {}),
    }));
  }

  private entry() {
    return this.store.get(this.server, this.url);
  }

  private change(fn: Parameters<CredentialStore['update']>[2]): void {
    this.store.update(this.server, this.url, fn);
  }
}
