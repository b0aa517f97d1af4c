import { HubError } from './errors.js';
import { validateOAuthSettings } from './auth/settings.js';
import type { RemoteServerConfig, ServerConfig, StdioServerConfig } from './types.js';

const TYPES = ['stdio', 'http', 'streamable-http', 'sse'] as const;
const REMOTE_TYPES = ['http', 'streamable-http', 'sse'] as const;

/**
 * Checks one entry of `mcpServers` and returns it typed. Throws HubError `INVALID_CONFIG` whose message
 * names the server and says exactly what to change. Keys this hub does not use (e.g. `disabled`,
 * `autoApprove` of other clients) are ignored.
 */
export function validateServerConfig(name: string, value: unknown): ServerConfig {
  const where = `Server ${JSON.stringify(name)}`;
  const fail = (what: string): never => {
    throw new HubError('INVALID_CONFIG', `${where}: ${what}`, { server: name });
  };
  if (typeof name !== 'string' || name.length === 0) {
    throw new HubError('INVALID_CONFIG', 'Every server needs a non-empty name (the key in "mcpServers").');
  }
  if (!isRecord(value)) {
    return fail(
      `expected an object with "command" (a local process) or "url" (a remote server), got ${describe(value)}.`,
    );
  }
  const { type, command, url } = value;
  if (type !== undefined && !(TYPES as readonly unknown[]).includes(type)) {
    fail(
      `unknown "type" ${JSON.stringify(type)}; use one of ${TYPES.map((t) => `"${t}"`).join(', ')}, or leave it out.`,
    );
  }
  if (command !== undefined && url !== undefined) {
    fail(
      'has both "command" and "url"; keep "command" to start a local process, or "url" to connect to a remote server.',
    );
  }
  if (command === undefined && url === undefined) {
    fail('needs "command" (to start a local process) or "url" (to connect to a remote server).');
  }
  if (command !== undefined) {
    if (type !== undefined && type !== 'stdio') {
      fail(`"type" ${JSON.stringify(type)} needs "url", not "command"; use "type": "stdio" or leave "type" out.`);
    }
    return validateStdio(value, fail);
  }
  if (type === 'stdio') fail('"type": "stdio" needs "command", not "url"; remove "type" or set it to "http" or "sse".');
  return validateRemote(value, fail);
}

/** Checks a whole `mcpServers` object (name → config). */
export function validateServersConfig(value: unknown): Record<string, ServerConfig> {
  if (!isRecord(value)) {
    throw new HubError(
      'INVALID_CONFIG',
      `"mcpServers" must be an object mapping server names to their configuration, got ${describe(value)}.`,
    );
  }
  const out: Record<string, ServerConfig> = {};
  for (const [name, config] of Object.entries(value)) out[name] = validateServerConfig(name, config);
  return out;
}

function validateStdio(value: Record<string, unknown>, fail: (what: string) => never): StdioServerConfig {
  const { command, args, env, cwd } = value;
  if (typeof command !== 'string' || command.trim() === '') {
    fail(`"command" must be a non-empty string (the program to run), got ${describe(command)}.`);
  }
  const config: StdioServerConfig = { command: command as string };
  if (value.type === 'stdio') config.type = 'stdio';
  if (args !== undefined) {
    if (!Array.isArray(args)) fail(`"args" must be an array of strings, got ${describe(args)}.`);
    (args as unknown[]).forEach((arg, i) => {
      if (typeof arg !== 'string') fail(`"args[${i}]" must be a string, got ${describe(arg)}; quote it.`);
    });
    config.args = [...(args as string[])];
  }
  if (env !== undefined) config.env = stringRecord('env', env, fail);
  if (cwd !== undefined) {
    if (typeof cwd !== 'string' || cwd === '')
      fail(`"cwd" must be a non-empty string (a directory), got ${describe(cwd)}.`);
    config.cwd = cwd as string;
  }
  const timeout = connectTimeout(value, fail);
  if (timeout !== undefined) config.connectTimeoutMs = timeout;
  return config;
}

function validateRemote(value: Record<string, unknown>, fail: (what: string) => never): RemoteServerConfig {
  const { url, headers, type } = value;
  if (typeof url !== 'string') fail(`"url" must be a string such as "https://example.com/mcp", got ${describe(url)}.`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url as string);
  } catch {
    fail(`"url" ${JSON.stringify(url)} is not a valid URL; write it in full, e.g. "https://example.com/mcp".`);
  }
  if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail(`"url" must start with http:// or https://, got ${JSON.stringify(url)}.`);
  }
  const config: RemoteServerConfig = { url: url as string };
  if (type !== undefined) config.type = type as (typeof REMOTE_TYPES)[number];
  if (headers !== undefined) config.headers = stringRecord('headers', headers, fail);
  const timeout = connectTimeout(value, fail);
  if (timeout !== undefined) config.connectTimeoutMs = timeout;
  if (value.oauth !== undefined) config.oauth = validateOAuthSettings(value.oauth, fail);
  return config;
}

// setTimeout's largest delay; past it Node fires after 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

function connectTimeout(value: Record<string, unknown>, fail: (what: string) => never): number | undefined {
  const ms = value.connectTimeoutMs;
  if (ms === undefined) return undefined;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 1 || ms > MAX_TIMER_MS)
    fail(`"connectTimeoutMs" must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${describe(ms)}.`);
  return ms as number;
}

function stringRecord(key: string, value: unknown, fail: (what: string) => never): Record<string, string> {
  if (!isRecord(value)) fail(`"${key}" must be an object of string values, got ${describe(value)}.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') fail(`"${key}.${k}" must be a string, got ${describe(v)}; quote it.`);
    out[k] = v as string;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
