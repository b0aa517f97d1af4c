export {
  generateServer,
  generateRootIndex,
  planServer,
  type ServerPlan,
  type ToolDefinition,
  type JsonSchema,
  type GeneratedTool,
  type GeneratedServer,
  type GenerateOptions,
  type Logger,
} from './generate.js';
export type { LearnedResult } from './learned.js';
export { HOST_CALL_FUNCTION, RUNTIME_FILE, runtimeModuleSource } from './runtime-module.js';
export { toIdentifier, serverIdentifiers } from './names.js';
export { CodegenError } from './errors.js';
export { invalidServerName } from './server-name.js';
