import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "CatalogServer",
        "DirEntry",
        "ImportHelp",
        "LearnedResult",
        "ListOptions",
        "Listing",
        "Logger",
        "ModuleSource",
        "QuotaLimits",
        "SaveSkillOptions",
        "SavedSkill",
        "ServerCatalog",
        "SkillCheck",
        "SkillInfo",
        "ToolDefinition",
        "Vfs",
        "VfsErrorCode",
        "VfsOptions",
        "Workspace",
        "WorkspaceFile",
        "WorkspaceHostHandler",
        "WorkspaceOptions",
        "WorkspaceUsage",
      ],
      "values": [
        "SKILLS_PATH",
        "VfsError",
        "WORKSPACE_HOST_FUNCTION",
        "WORKSPACE_MODULE",
        "assertSkillName",
        "createVfs",
        "createWorkspace",
        "defaultDataDir",
        "defaultWorkspaceDir",
        "workspaceHostHandler",
        "workspaceModuleSource",
      ],
    }
  `);
});
