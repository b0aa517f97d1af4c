export { parseCliArgs, HELP_TEXT } from './args.js';
export type { CliArgs, Command, Transport } from './args.js';
export { loadConfig, findConfig, readConfigFile, parseConfigText } from './config/load.js';
export type { LoadConfigOptions, LoadedConfig, ConfigSource } from './config/load.js';
export { validateConfig } from './config/schema.js';
export type {
  CliConfig,
  ServerConfig,
  StdioServerConfig,
  RemoteServerConfig,
  ServerSettings,
  ValidatedConfig,
  ValidateOptions,
} from './config/schema.js';
export { substituteVariables } from './config/substitute.js';
export type { Env } from './config/substitute.js';
export { configSearchPaths, credentialsFile, demoConfig, DEFAULT_HOST, DEFAULT_PORT } from './config/defaults.js';
export { createLogger, LOG_LEVELS } from './logger.js';
export type { Logger, LogLevel, CliLoggerOptions } from './logger.js';
export { RunbyteCliError } from './errors.js';
export type { CliErrorCode, CliErrorData } from './errors.js';
export { VERSION } from './version.js';
export { runCli } from './main.js';
export type { CliIo } from './main.js';
export { resolveServeSettings, resolveLogLevel } from './settings.js';
export type { ServeSettings } from './settings.js';
