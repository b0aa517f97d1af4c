import { isObject } from '@runbyte/utils';
import type { ServerConfig, ToolFilter } from '@runbyte/hub';
import type { ApprovalRule, RunbyteConfig } from '@runbyte/server';
import { missingVariablesError } from './substitute.js';
import { toolFilterOf } from './tool-filter.js';
import { approvalRuleOf } from './approvals.js';
import { child, Context, hint, kind, type ValidateOptions } from './context.js';
import { checkServerName, serverEntry } from './server-entry.js';
import { serverSettings } from './server-settings.js';

export type { ServerConfig, StdioServerConfig, RemoteServerConfig } from '@runbyte/hub';
export type { ValidateOptions } from './context.js';
export type { ServerSettings } from './server-settings.js';

/** The whole config: the shape @runbyte/server takes. */
export type CliConfig = RunbyteConfig;

export interface ValidatedConfig {
  config: CliConfig;
  /** Things that do not stop Runbyte but that the user probably wants to know (unknown keys...). */
  warnings: string[];
  /** Servers left out because of `"disabled": true`. */
  disabled: string[];
}

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
