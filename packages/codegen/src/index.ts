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
export { LIBRARY_DIR, RUNTIME_FILE, runtimeModuleSource } from './runtime-module.js';
export { toIdentifier, serverIdentifiers } from './names.js';
export { CodegenError } from './errors.js';
