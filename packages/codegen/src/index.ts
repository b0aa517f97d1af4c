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
export {
  HOST_CALL_FUNCTION,
  LIBRARY_DIR,
  RUNTIME_FILE,
  runtimeModuleSource,
  unwrapOnHost,
  UNWRAPPED_KEY,
} from './runtime-module.js';
export { toIdentifier, serverIdentifiers } from './names.js';
export { CodegenError } from './errors.js';
export { invalidServerName } from './server-name.js';
