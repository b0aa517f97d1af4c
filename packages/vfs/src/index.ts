export { createVfs } from './vfs.js';
export {
  createWorkspace,
  type Workspace,
  type WorkspaceOptions,
  type WorkspaceFile,
  type WorkspaceUsage,
} from './workspace.js';
export { workspaceHostHandler, type WorkspaceHostHandler } from './workspace-host.js';
export { WORKSPACE_MODULE, WORKSPACE_HOST_FUNCTION, workspaceModuleSource } from './workspace-module.js';
export {
  assertSkillName,
  SKILLS_PATH,
  type SavedSkill,
  type SaveSkillOptions,
  type SkillCheck,
  type SkillInfo,
} from './skills.js';
export { defaultDataDir, defaultWorkspaceDir } from './user-data-dir.js';
export { VfsError, type VfsErrorCode } from './errors.js';
export type { ServerCatalog, CatalogServer } from './tree.js';
export type { ImportHelp } from './import-help.js';
export type { DirEntry, Listing, ListOptions, ModuleSource, Vfs, VfsOptions } from './types.js';
export type { QuotaLimits } from './quota.js';
export type { ToolDefinition, LearnedResult, Logger } from '@runbyte/codegen';
