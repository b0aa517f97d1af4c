import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/** Whether a request carries `Authorization: Bearer <token>`, for routes that answer either way. */
export function bearerMatcher(token: string): (req: IncomingMessage) => boolean {
  // Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
  const expected = digest(token);
  return (req) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    return Boolean(match?.[1] && timingSafeEqual(digest(match[1]), expected));
  };
}

/** Requires `Authorization: Bearer <token>`; answers 401 with WWW-Authenticate otherwise. */
export function bearerAuth(token: string): RequestHandler {
  const matches = bearerMatcher(token);
  return (req, res, next) => {
    if (matches(req)) {
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
