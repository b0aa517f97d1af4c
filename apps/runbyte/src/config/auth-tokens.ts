// server.authTokens: several clients' tokens, each an identity (a session and, with
// server.workspacePerClient, a workspace belong to it).
import { createHash } from 'node:crypto';
import { isObject } from '@runbyte/utils';
import { nonEmptyString, show, type Context } from './context.js';

/** An identity becomes a folder name (`<workspaceDir>/clients/<name>`) and shows in logs. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** The identity of server.authToken (and RUNBYTE_AUTH_TOKEN). */
const SHARED_TOKEN_IDENTITY = 'token';

/**
 * `["tok1", {"name": "alice", "token": "${ALICE_TOKEN}"}]` → identity → token. A bare string's identity
 * is `token-<first 12 hex digits of its SHA-256>`: stable while the token is, and not the token itself.
 */
export function authTokensOf(ctx: Context, value: unknown, path: string): Record<string, string> {
  if (!Array.isArray(value) || value.length === 0) {
    ctx.fail(
      path,
      `must be a non-empty array of tokens, each a string or {"name": "alice", "token": "\${ALICE_TOKEN}"}, got ${show(value)}`,
    );
  }
  const out: Record<string, string> = {};
  const seen = new Map<string, string>();
  value.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    let name: string | undefined;
    let raw: unknown = item;
    let tokenPath = at;
    if (isObject(item)) {
      for (const key of Object.keys(item)) {
        if (key !== 'name' && key !== 'token') ctx.fail(`${at}.${key}`, 'unknown key: an entry has "name" and "token"');
      }
      name = nonEmptyString(ctx, item.name, `${at}.name`);
      if (!NAME.test(name))
        ctx.fail(
          `${at}.name`,
          `${JSON.stringify(name)} cannot name a client: use letters, digits, ".", "-" or "_" (at most 64)`,
        );
      if (name === SHARED_TOKEN_IDENTITY)
        ctx.fail(`${at}.name`, `"${SHARED_TOKEN_IDENTITY}" is the identity of server.authToken; choose another name`);
      raw = item.token;
      tokenPath = `${at}.token`;
    } else if (typeof item !== 'string') {
      ctx.fail(at, `must be a token string or {"name": ..., "token": ...}, got ${show(item)}`);
    }
    const missingBefore = ctx.missing.length;
    const token = ctx.substitute(nonEmptyString(ctx, raw, tokenPath), tokenPath);
    if (ctx.missing.length > missingBefore) return;
    if (token.trim() === '')
      ctx.fail(tokenPath, 'is empty; set a long random token (e.g. openssl rand -hex 32) or remove the entry');
    const identity = name ?? `token-${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12)}`;
    if (identity in out) ctx.fail(at, `the client name "${identity}" is used twice; give each token its own name`);
    const twin = seen.get(token);
    if (twin !== undefined) ctx.fail(tokenPath, `is the same token as ${twin}; give each client its own token`);
    seen.set(token, tokenPath);
    out[identity] = token;
  });
  return out;
}
