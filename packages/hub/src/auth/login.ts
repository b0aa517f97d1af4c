import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubError } from '../errors.js';
import { messageOf } from '../reasons.js';
import type { RemoteServerConfig } from '../types.js';
import { StoredOAuthProvider } from './provider.js';
import type { CredentialStore } from './store.js';

export interface LoginOptions {
  store: CredentialStore;
  /** Called with the URL the person opens in a browser (print it, try to open it). */
  onAuthorizationUrl(url: URL): void | Promise<void>;
  /** How long to wait for the browser to come back, in ms. Default 300_000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const PAGE_OK =
  '<!doctype html><title>Runbyte</title><p>Logged in. You can close this tab and go back to the terminal.</p>';

/**
 * Logs in to an OAuth-protected remote server: the authorization-code flow with PKCE through the SDK's
 * client (discovery, dynamic client registration unless `oauth.clientId` is configured), the code
 * received on a loopback redirect `http://127.0.0.1:<port>/callback`, the tokens saved in the store.
 * Throws HubError `LOGIN_FAILED` saying why.
 */
export async function loginServer(name: string, config: RemoteServerConfig, options: LoginOptions): Promise<void> {
  const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
  const fail = (why: string, cause?: unknown): HubError =>
    new HubError('LOGIN_FAILED', `Login to server "${name}" failed: ${why}`, { server: name, cause });
  const state = randomBytes(16).toString('hex');
  const callback = await listenForCallback(config.oauth?.redirectPort ?? 0, state);
  try {
    const redirectUrl = `http://127.0.0.1:${callback.port}/callback`;
    const provider = new StoredOAuthProvider(name, config.url, config.oauth, options.store, {
      redirectUrl,
      state,
      onAuthorizationUrl: options.onAuthorizationUrl,
    });
    const { resourceMetadataUrl, scope } = await probe(config);
    const authOptions = {
      serverUrl: config.url,
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
      ...(scope ? { scope } : {}),
    };
    let result;
    try {
      result = await auth(provider, authOptions);
    } catch (error) {
      throw fail(messageOf(error), error);
    }
    if (result === 'AUTHORIZED') return; // The stored refresh token still worked.
    const timeoutMs = options.timeoutMs ?? 300_000;
    const code = await callback.code(timeoutMs, options.signal).catch((error: unknown) => {
      throw fail(messageOf(error), error);
    });
    try {
      result = await auth(provider, { ...authOptions, authorizationCode: code });
    } catch (error) {
      throw fail(`the token exchange was refused: ${messageOf(error)}`, error);
    }
    if (result !== 'AUTHORIZED') throw fail('the authorization server did not issue tokens');
  } finally {
    await callback.close();
  }
}

/** The server's own answer without credentials: RFC 9728 says where its metadata is and which scope it wants. */
async function probe(config: RemoteServerConfig): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  const { extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
  try {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: { ...config.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
    });
    await response.body?.cancel();
    if (response.status !== 401) return {};
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
    return { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope ? { scope } : {}) };
  } catch {
    return {}; // Discovery then tries the well-known URLs, and reports what fails.
  }
}

interface Callback {
  port: number;
  code(timeoutMs: number, signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

async function listenForCallback(port: number, state: string): Promise<Callback> {
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  const early: { code?: string; error?: Error } = {};
  const deliver = (code: string | undefined, error: Error | undefined) => {
    if (settle) {
      if (error) settle.reject(error);
      else settle.resolve(code!);
    } else if (error) early.error = error;
    else early.code = code!;
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end('Not found');
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (url.searchParams.get('state') !== state) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('This login link is stale: run runbyte login again.');
      return;
    }
    if (error || !code) {
      const why = `the authorization server answered ${error ?? 'without a code'}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')}` : ''}`;
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`Login failed: ${why}`);
      deliver(undefined, new Error(why));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_OK);
    deliver(code, undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new HubError('LOGIN_FAILED', `Cannot listen on 127.0.0.1:${port} for the login redirect: ${messageOf(error)}.`),
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    code(timeoutMs, signal) {
      if (early.error) return Promise.reject(early.error);
      if (early.code) return Promise.resolve(early.code);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no answer from the browser within ${Math.round(timeoutMs / 1000)} s`)),
          timeoutMs,
        );
        const abort = () => reject(new Error('cancelled'));
        signal?.addEventListener('abort', abort, { once: true });
        settle = {
          resolve: (code) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', abort);
            resolve(code);
          },
          reject: (error) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', abort);
            reject(error);
          },
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
