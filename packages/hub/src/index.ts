export { createHub, type Hub } from './hub.js';
export { HubError, type HubErrorCode, type HubErrorDetails } from './errors.js';
export { ARGUMENT_PROBLEMS_META } from './validate-arguments.js';
export type { ArgumentProblem } from './argument-errors.js';
export type { LearnedResult, LearnedResults } from './learn/store.js';
export { compileToolFilter, globToRegExp, type ToolFilter } from './tool-filter.js';
export { validateServerConfig, validateServersConfig } from './config.js';
export { createFileCredentialStore, type CredentialEntry, type CredentialStore } from './auth/store.js';
export { loginServer, type LoginOptions } from './auth/login.js';
export type {
  CallToolOptions,
  HubOptions,
  OAuthSettings,
  Logger,
  RemoteServerConfig,
  ServerConfig,
  ServerState,
  ServerStatus,
  StdioServerConfig,
  Tool,
  TransportKind,
} from './types.js';
export type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
