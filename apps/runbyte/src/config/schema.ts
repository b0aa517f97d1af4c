import { didYouMean, isObject } from '@runbyte/utils';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { invalidServerName } from '@runbyte/codegen';
import { HubError, validateServerConfig, type ServerConfig, type ToolFilter } from '@runbyte/hub';
import type { RunbyteConfig, RunbyteServerSettings } from '@runbyte/server';
import { RunbyteCliError } from '../errors.js';
import { missingVariablesError, substituteVariables, type Env, type MissingVariable } from './substitute.js';
import { toolFilterOf } from './tool-filter.js';
import { approvalFallbackOf, approvalRuleOf } from './approvals.js';
import type { ApprovalRule } from '@runbyte/server';

export type { ServerConfig, StdioServerConfig, RemoteServerConfig } from '@runbyte/hub';

/** The config's `server` section and the whole config: the shapes @runbyte/server takes. */
export type ServerSettings = RunbyteServerSettings;
export type CliConfig = RunbyteConfig;

export interface ValidateOptions {
  /** Shown in messages; relative paths in the config (cwd, workspaceDir) resolve against its directory. */
  file?: string;
  baseDir?: string;
  env?: Env;
  home?: string;
}

export interface ValidatedConfig {
  config: CliConfig;
  /** Things that do not stop Runbyte but that the user probably wants to know (unknown keys...). */
  warnings: string[];
  /** Servers left out because of `"disabled": true`. */
  disabled: string[];
}

// "timeout" (seconds) is the connect timeout of that server, as several clients write it.
const STDIO_KEYS = ['type', 'command', 'args', 'env', 'cwd', 'timeout'];
const REMOTE_KEYS = ['type', 'url', 'headers', 'timeout', 'oauth'];
// Keys other clients (Claude Desktop, Cline, Roo, VS Code, Cursor) write that mean nothing to Runbyte.
const FOREIGN_KEYS = ['disabled', 'autoApprove', 'alwaysAllow', 'description', 'transportType', 'name'];
// Keys of a server entry that the hub reads apart from how to reach the server.
const FILTER_KEYS = ['tools', 'disabledTools', 'approve'];
const SERVER_KEYS = [
  'port',
  'host',
  'timeout',
  'connectTimeout',
  'memoryLimitMb',
  'maxResultMb',
  'workers',
  'workspaceDir',
  'authToken',
  'stateless',
  'allowedHosts',
  'allowedOrigins',
  'sessionTtlMs',
  'validateArguments',
  'approveTools',
  'approvalFallback',
  'approvalTimeout',
  'learnTypes',
  'resultsMaxMb',
  'typecheck',
];
const TOP_KEYS = ['mcpServers', 'server', '$schema'];

/** Checks a parsed config, substitutes `${VAR}`s and returns the typed config, or throws RunbyteCliError naming the JSON path and the fix. */
export function validateConfig(raw: unknown, options: ValidateOptions = {}): ValidatedConfig {
  const ctx: Context = new Context(options);
  if (!isObject(raw)) ctx.fail('', `the config must be a JSON object like {"mcpServers": {...}}, got ${kind(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.includes(key) && key !== 'servers')
      ctx.warn(`unknown top-level key "${key}" ignored${hint(key, TOP_KEYS)} (known: mcpServers, server)`);
  }

  let serversKey = 'mcpServers';
  if (raw.mcpServers === undefined && raw.servers !== undefined) {
    // VS Code's mcp.json calls it "servers"; accepting it lets users paste that file too.
    serversKey = 'servers';
  } else if (raw.servers !== undefined) {
    ctx.warn('top-level "servers" ignored because "mcpServers" is present');
  }
  const servers = raw[serversKey];
  if (servers === undefined) {
    const typo = Object.keys(raw).find((key) => hint(key, ['mcpServers']) !== '');
    ctx.fail(
      'mcpServers',
      typo !== undefined
        ? `missing, but there is "${typo}" (did you mean "mcpServers"?)`
        : 'missing: add "mcpServers": {"name": {"command": "...", "args": [...]}}',
    );
  }
  if (!isObject(servers))
    ctx.fail(serversKey, `must be an object mapping server names to their settings, got ${kind(servers)}`);

  const mcpServers: Record<string, ServerConfig> = {};
  const disabled: string[] = [];
  const toolFilters: Record<string, ToolFilter> = {};
  const approvals: Record<string, ApprovalRule> = {};
  for (const [name, entry] of Object.entries(servers)) {
    const path = child(serversKey, name);
    checkServerName(ctx, name, path);
    if (isObject(entry) && entry.disabled === true) {
      disabled.push(name);
      continue;
    }
    mcpServers[name] = serverEntry(ctx, name, entry, path);
    const filter = isObject(entry) ? toolFilterOf(entry, path, (p, m) => ctx.fail(p, m)) : undefined;
    if (filter) toolFilters[name] = filter;
    const approve = isObject(entry) ? approvalRuleOf(entry, path, (p, m) => ctx.fail(p, m)) : undefined;
    if (approve !== undefined) approvals[name] = approve;
  }
  if (Object.keys(mcpServers).length === 0)
    ctx.warn(`${serversKey} is empty: Runbyte will serve an empty /servers folder`);

  const config: CliConfig = { mcpServers };
  if (Object.keys(toolFilters).length > 0) config.toolFilters = toolFilters;
  if (Object.keys(approvals).length > 0) config.approvals = approvals;
  if (raw.server !== undefined) config.server = serverSettings(ctx, raw.server);
  if (ctx.missing.length > 0) throw missingVariablesError(ctx.missing, options.file);
  return { config, warnings: ctx.warnings, disabled };
}

class Context {
  readonly warnings: string[] = [];
  /** Unset `${VAR}`s, collected so that one error lists them all. */
  readonly missing: MissingVariable[] = [];
  readonly env: Env;
  readonly home: string;
  constructor(readonly options: ValidateOptions) {
    this.env = options.env ?? process.env;
    this.home = options.home ?? homedir();
  }
  fail(path: string, message: string): never {
    const file = this.options.file;
    const where = path ? `${path}: ` : '';
    throw new RunbyteCliError('CONFIG_INVALID', `${file ? `Config ${file}` : 'Config'}: ${where}${message}.`, {
      ...(file ? { file } : {}),
      path,
    });
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  substitute(value: string, path: string): string {
    return substituteVariables(value, this.env, path, this.options.file, this.missing);
  }
  /** `~/x` → home; relative → against the config file's directory. */
  resolvePath(value: string): string {
    const expanded = value === '~' ? this.home : value.startsWith('~/') ? join(this.home, value.slice(2)) : value;
    if (isAbsolute(expanded)) return expanded;
    return this.options.baseDir ? resolve(this.options.baseDir, expanded) : expanded;
  }
}

function serverEntry(ctx: Context, name: string, entry: unknown, path: string): ServerConfig {
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

function serverSettings(ctx: Context, raw: unknown): ServerSettings {
  if (!isObject(raw)) ctx.fail('server', `must be an object like {"port": 3000, "timeout": 30}, got ${kind(raw)}`);
  const out: ServerSettings = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `server.${key}`;
    switch (key) {
      case 'port':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65_535)
          ctx.fail(path, `must be a port number from 0 to 65535, got ${show(value)}`);
        out.port = value;
        break;
      case 'timeout':
        // createRunbyte warns about 1000 or more (milliseconds meant?), for embedders too.
        out.timeout = ranged(ctx, value, path, TIMEOUT_RANGE);
        break;
      case 'connectTimeout':
        out.connectTimeout = ranged(ctx, value, path, TIMEOUT_RANGE);
        break;
      case 'memoryLimitMb':
        out.memoryLimitMb = ranged(ctx, value, path, MEMORY_RANGE);
        break;
      case 'maxResultMb':
        out.maxResultMb = ranged(ctx, value, path, RESULT_RANGE);
        break;
      case 'sessionTtlMs':
        out.sessionTtlMs = ranged(ctx, value, path, SESSION_TTL_RANGE);
        break;
      case 'resultsMaxMb':
        out.resultsMaxMb = ranged(ctx, value, path, RESULTS_RANGE);
        break;
      case 'workers':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 64) {
          ctx.fail(
            path,
            `must be a whole number of worker threads from 0 to 64 (0 runs executions on the main thread), got ${show(value)}`,
          );
        }
        out.workers = value;
        break;
      case 'host':
        out.host = nonEmptyString(ctx, value, path);
        break;
      case 'workspaceDir':
        out.workspaceDir = ctx.resolvePath(nonEmptyString(ctx, value, path));
        break;
      case 'authToken': {
        const missingBefore = ctx.missing.length;
        const token = ctx.substitute(nonEmptyString(ctx, value, path), path);
        if (ctx.missing.length > missingBefore) break;
        if (token.trim() === '')
          ctx.fail(path, 'is empty; set a long random token (e.g. openssl rand -hex 32) or remove the key');
        out.authToken = token;
        break;
      }
      case 'stateless':
      case 'validateArguments':
      case 'learnTypes':
      case 'typecheck':
        if (typeof value !== 'boolean') ctx.fail(path, `must be true or false, got ${show(value)}`);
        out[key] = value;
        break;
      case 'allowedHosts':
      case 'allowedOrigins':
        out[key] = stringArray(ctx, value, path);
        break;
      case 'approveTools':
        out.approveTools = stringArray(ctx, value, path).map((glob, i) => {
          if (glob === '')
            ctx.fail(`${path}[${i}]`, 'must not be empty; write "server.tool" or a glob such as "*.delete_*"');
          return glob;
        });
        break;
      case 'approvalFallback':
        out.approvalFallback = approvalFallbackOf(value, path, (p, m) => ctx.fail(p, m));
        break;
      case 'approvalTimeout':
        out.approvalTimeout = ranged(ctx, value, path, { ...TIMEOUT_RANGE, example: 300 });
        break;
      default:
        ctx.warn(`server: unknown key "${key}" ignored${hint(key, SERVER_KEYS)} (known: ${SERVER_KEYS.join(', ')})`);
    }
  }
  return out;
}

interface Range {
  min: number;
  max: number;
  /** What the number counts, for the message: "seconds", "MiB". */
  unit: string;
  example: number;
}

// setTimeout's largest delay is 2^31-1 ms; past it Node fires at once with a TimeoutOverflowWarning.
const MAX_TIMER_MS = 2 ** 31 - 1;
const TIMEOUT_RANGE: Range = { min: 0.001, max: Math.floor(MAX_TIMER_MS / 1000), unit: 'seconds', example: 30 };
// QuickJS runs in 32-bit WASM: it can never address more than 4 GiB.
const MEMORY_RANGE: Range = { min: 1, max: 4096, unit: 'MiB', example: 256 };
const RESULT_RANGE: Range = { min: 0.001, max: 1024, unit: 'MiB', example: 10 };
const RESULTS_RANGE: Range = { min: 1, max: 1_048_576, unit: 'MiB', example: 256 };
const SESSION_TTL_RANGE: Range = { min: 1000, max: MAX_TIMER_MS, unit: 'milliseconds', example: 1_800_000 };

/** A finite number within the range, or a config error naming the key, the unit and the range. */
function ranged(ctx: Context, value: unknown, path: string, range: Range): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    ctx.fail(
      path,
      `must be a number of ${range.unit} from ${range.min} to ${range.max}, e.g. ${range.example}, got ${show(value)}`,
    );
  }
  return value;
}

function checkServerName(ctx: Context, name: string, path: string): void {
  const invalid = invalidServerName(name);
  if (invalid !== undefined) {
    ctx.fail(
      path,
      `${JSON.stringify(name)} cannot be a server name (${invalid}): it becomes the folder /servers/<name>, so use letters, digits, "-" or "_"`,
    );
  }
}

function nonEmptyString(ctx: Context, value: unknown, path: string): string {
  if (typeof value !== 'string') ctx.fail(path, `must be a string, got ${show(value)}`);
  if (value.trim() === '') ctx.fail(path, 'must not be empty');
  return value;
}

function stringArray(ctx: Context, value: unknown, path: string): string[] {
  if (!Array.isArray(value))
    ctx.fail(path, `must be an array of strings, e.g. ["-y", "some-package"], got ${show(value)}`);
  return value.map((item, i) => {
    if (typeof item !== 'string')
      ctx.fail(
        `${path}[${i}]`,
        `must be a string, got ${show(item)}${typeof item === 'number' || typeof item === 'boolean' ? ` (write "${String(item)}" in quotes)` : ''}`,
      );
    return item;
  });
}

/** ` (did you mean "command"?)` for a misspelt key, else nothing. */
function hint(key: string, known: readonly string[]): string {
  const text = didYouMean(key, known, 1);
  return text ? ` (${text.charAt(0).toLowerCase()}${text.slice(1)})` : '';
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function show(value: unknown): string {
  if (typeof value === 'object' && value !== null) return kind(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `mcpServers.github` or `mcpServers["my server"]`: a JSON path a user can find in the file. */
function child(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
