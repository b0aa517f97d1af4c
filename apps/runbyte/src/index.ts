// What embedders of the CLI use: run it, and load a config the way it does. Everything else is internal;
// tests import it from its own module.
export { runCli } from './main.js';
export type { CliIo } from './main.js';
export { loadConfig } from './config/load.js';
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
export { configSearchPaths, credentialsFile, DEFAULT_HOST, DEFAULT_PORT } from './config/defaults.js';
export { RunbyteCliError } from './errors.js';
export type { CliErrorCode, CliErrorData } from './errors.js';
export { VERSION } from './version.js';
