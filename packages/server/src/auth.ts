import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/** Who a token belongs to: the name it was given, never the token itself. */
export type TokenIdentities = ReadonlyMap<string, string>;

/** The tokens by identity: one shared token is the identity "token"; named tokens are their names. */
export function tokenIdentities(authToken: string | undefined, authTokens?: Record<string, string>): TokenIdentities {
  const map = new Map<string, string>();
  if (authToken !== undefined) map.set('token', authToken);
  for (const [name, token] of Object.entries(authTokens ?? {})) map.set(name, token);
  return map;
}

/** The identity whose `Authorization: Bearer <token>` a request carries, for routes that answer either way. */
export function bearerMatcher(tokens: TokenIdentities): (req: IncomingMessage) => string | undefined {
  // Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
  const expected = [...tokens].map(([identity, token]) => [identity, digest(token)] as const);
  return (req) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return undefined;
    const given = digest(match[1]);
    let found: string | undefined;
    for (const [identity, hash] of expected) if (timingSafeEqual(given, hash)) found ??= identity;
    return found;
  };
}

/**
 * Requires `Authorization: Bearer <token>`; answers 401 with WWW-Authenticate otherwise. The request's
 * `auth` (the SDK's AuthInfo) names the identity, so sessions can be bound to it.
 */
export function bearerAuth(tokens: TokenIdentities): RequestHandler {
  const matches = bearerMatcher(tokens);
  return (req, res, next) => {
    const identity = matches(req);
    if (identity !== undefined) {
      const withAuth = req as typeof req & { auth?: { token: string; clientId: string; scopes: string[] } };
      withAuth.auth ??= { token: '', clientId: identity, scopes: [] };
      next();
      return;
    }
    const match = BEARER.exec(req.headers.authorization ?? '');
    const problem = match ? 'invalid_token' : 'invalid_request';
    res
      .status(401)
      .set('WWW-Authenticate', `Bearer realm="runbyte", error="${problem}"`)
      .json({
        jsonrpc: '2.0',
        error: {
          code: -32001,
          message: match
            ? 'Unauthorized: the bearer token is wrong.'
            : 'Unauthorized: send the Runbyte auth token as "Authorization: Bearer <token>".',
        },
        id: null,
      });
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
