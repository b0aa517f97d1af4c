// One entry of mcpServers: how to reach the server, with `${VAR}`s substituted and the hub's checks.
import { isObject } from '@runbyte/utils';
import { invalidServerName } from '@runbyte/codegen';
import { HubError, validateServerConfig, type ServerConfig } from '@runbyte/hub';
import { child, hint, ranged, TIMEOUT_RANGE, type Context } from './context.js';

// "timeout" (seconds) is the connect timeout of that server, as several clients write it.
const STDIO_KEYS = ['type', 'command', 'args', 'env', 'cwd', 'timeout'];
const REMOTE_KEYS = ['type', 'url', 'headers', 'timeout', 'oauth'];
// Keys other clients (Claude Desktop, Cline, Roo, VS Code, Cursor) write that mean nothing to Runbyte.
const FOREIGN_KEYS = ['disabled', 'autoApprove', 'alwaysAllow', 'description', 'transportType', 'name'];
// Keys of a server entry that the hub reads apart from how to reach the server.
const FILTER_KEYS = ['tools', 'disabledTools', 'approve'];
export function serverEntry(ctx: Context, name: string, entry: unknown, path: string): ServerConfig {
  if (isObject(entry)) {
    // Cline and Roo write "transportType" where the others write "type".
    if (entry.type === undefined && typeof entry.transportType === 'string')
      entry = { ...entry, type: entry.transportType };
    const record = entry as Record<string, unknown>;
    const local = record.command !== undefined;
    const own = local ? STDIO_KEYS : REMOTE_KEYS;
    const other = local ? REMOTE_KEYS : STDIO_KEYS;
    const exactlyOne = local !== (record.url !== undefined);
    for (const key of Object.keys(record)) {
      if (own.includes(key) || FOREIGN_KEYS.includes(key) || FILTER_KEYS.includes(key)) continue;
      // A key of the other kind is a mistake the hub would silently ignore (headers on a process...).
      if (other.includes(key) && exactlyOne) {
        ctx.fail(
          `${path}.${key}`,
          local
            ? `"${key}" belongs to remote servers (with "url"), not to one started with "command"`
            : `"${key}" belongs to local servers (with "command"), not to one reached by "url"`,
        );
      }
      ctx.warn(
        `${path}: unknown key "${key}" ignored${hint(key, [...own, ...FOREIGN_KEYS, ...FILTER_KEYS])} (known: ${own.join(', ')})`,
      );
    }
  }
  // The shape (command xor url, types, URL syntax) is the hub's rule, checked after substitution since
  // "${BASE}/mcp" is only a URL once BASE is in; the CLI adds where the problem is.
  let server: ServerConfig;
  const missingBefore = ctx.missing.length;
  const substituted = isObject(entry) ? substituteEntry(ctx, entry, path) : entry;
  // With a variable unset the entry is not what the user meant ("${BASE}/mcp" is no URL): the missing
  // variables are the error to report, after the whole config has been read.
  if (ctx.missing.length > missingBefore) return substituted as unknown as ServerConfig;
  try {
    server = validateServerConfig(name, substituted);
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    ctx.fail(path, error.message.replace(/^Server "(?:[^"\\]|\\.)*": /, '').replace(/\.$/, ''));
  }
  if ('command' in server && server.cwd !== undefined) server.cwd = ctx.resolvePath(server.cwd);
  return server;
}

/** `${VAR}`s replaced in the string fields that allow them; anything of the wrong type is left for the hub to report. */
function substituteEntry(ctx: Context, entry: Record<string, unknown>, path: string): Record<string, unknown> {
  const { timeout, ...rest } = entry;
  const out: Record<string, unknown> = { ...rest };
  if (timeout !== undefined)
    out.connectTimeoutMs = Math.round(ranged(ctx, timeout, `${path}.timeout`, TIMEOUT_RANGE) * 1000);
  for (const key of ['command', 'cwd', 'url'] as const) {
    const value = entry[key];
    if (typeof value === 'string') out[key] = ctx.substitute(value, `${path}.${key}`);
  }
  if (Array.isArray(entry.args))
    out.args = entry.args.map((arg: unknown, i) =>
      typeof arg === 'string' ? ctx.substitute(arg, `${path}.args[${i}]`) : arg,
    );
  if (isObject(entry.oauth)) {
    const oauth: Record<string, unknown> = { ...entry.oauth };
    for (const key of ['clientId', 'clientSecret'] as const) {
      const value = oauth[key];
      if (typeof value === 'string') oauth[key] = ctx.substitute(value, `${path}.oauth.${key}`);
    }
    out.oauth = oauth;
  }
  for (const key of ['env', 'headers'] as const) {
    const record = entry[key];
    if (!isObject(record)) continue;
    const substituted: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record))
      substituted[name] = typeof value === 'string' ? ctx.substitute(value, child(`${path}.${key}`, name)) : value;
    out[key] = substituted;
  }
  return out;
}

export function checkServerName(ctx: Context, name: string, path: string): void {
  const invalid = invalidServerName(name);
  if (invalid !== undefined) {
    ctx.fail(
      path,
      `${JSON.stringify(name)} cannot be a server name (${invalid}): it becomes the folder /servers/<name>, so use letters, digits, "-" or "_"`,
    );
  }
}
