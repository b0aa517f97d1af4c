import type { OAuthSettings } from '../types.js';

const KEYS = ['clientId', 'clientSecret', 'scopes', 'redirectPort'];

/** Checks a remote server's `oauth` entry; `fail` throws the hub's INVALID_CONFIG error naming the server. */
export function validateOAuthSettings(value: unknown, fail: (what: string) => never): OAuthSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('"oauth" must be an object such as {"clientId": "...", "scopes": ["read"]}, or left out.');
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !KEYS.includes(key));
  if (unknown !== undefined) fail(`"oauth.${unknown}" is not a setting; use ${KEYS.map((k) => `"${k}"`).join(', ')}.`);
  const out: OAuthSettings = {};
  for (const key of ['clientId', 'clientSecret'] as const) {
    const text = record[key];
    if (text === undefined) continue;
    if (typeof text !== 'string' || text.trim() === '') fail(`"oauth.${key}" must be a non-empty string.`);
    out[key] = text as string;
  }
  if (out.clientSecret !== undefined && out.clientId === undefined)
    fail('"oauth.clientSecret" needs "oauth.clientId" (the client the secret belongs to).');
  const { scopes, redirectPort } = record;
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || s.trim() === '' || /\s/.test(s)))
      fail('"oauth.scopes" must be an array of scope names without spaces, e.g. ["read", "write"].');
    out.scopes = [...(scopes as string[])];
  }
  if (redirectPort !== undefined) {
    if (
      typeof redirectPort !== 'number' ||
      !Number.isInteger(redirectPort) ||
      redirectPort < 1 ||
      redirectPort > 65_535
    )
      fail('"oauth.redirectPort" must be a port number from 1 to 65535 (leave it out for a free one).');
    out.redirectPort = redirectPort as number;
  }
  return out;
}
