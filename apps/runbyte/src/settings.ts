import { parseLogLevel, parsePort, parseTransport, type CliArgs, type Transport } from './args.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './config/defaults.js';
import type { CliConfig } from './config/schema.js';
import type { Env } from './config/substitute.js';
import type { LogLevel } from './logger.js';

export interface ServeSettings {
  transport: Transport;
  host: string;
  port: number;
  authToken?: string;
  stateless: boolean;
}

/** Flags win over environment variables, which win over the config's `server` section, then defaults. */
export function resolveServeSettings(args: CliArgs, env: Env, config: CliConfig): ServeSettings {
  const server = config.server ?? {};
  const settings: ServeSettings = {
    transport:
      args.transport ?? (env.RUNBYTE_TRANSPORT ? parseTransport(env.RUNBYTE_TRANSPORT, 'RUNBYTE_TRANSPORT') : 'stdio'),
    host: args.host ?? (env.RUNBYTE_HOST || undefined) ?? server.host ?? DEFAULT_HOST,
    port:
      args.port ??
      (env.RUNBYTE_PORT ? parsePort(env.RUNBYTE_PORT, 'RUNBYTE_PORT') : undefined) ??
      server.port ??
      DEFAULT_PORT,
    stateless:
      args.stateless ??
      (env.RUNBYTE_STATELESS === 'true' || env.RUNBYTE_STATELESS === '1' ? true : undefined) ??
      server.stateless ??
      false,
  };
  const token = env.RUNBYTE_AUTH_TOKEN || server.authToken;
  if (token) settings.authToken = token;
  return settings;
}

/** --log-level, else RUNBYTE_LOG_LEVEL, else the command's default (info to serve; warn for one-shot commands, whose output is the point). */
export function resolveLogLevel(args: CliArgs, env: Env, fallback: LogLevel): LogLevel {
  if (args.logLevel) return args.logLevel;
  if (env.RUNBYTE_LOG_LEVEL) return parseLogLevel(env.RUNBYTE_LOG_LEVEL, 'RUNBYTE_LOG_LEVEL');
  return fallback;
}
