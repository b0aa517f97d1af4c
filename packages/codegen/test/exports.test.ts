import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "GenerateOptions",
        "GeneratedServer",
        "GeneratedTool",
        "JsonSchema",
        "LearnedResult",
        "Logger",
        "ServerPlan",
        "ToolDefinition",
      ],
      "values": [
        "CodegenError",
        "HOST_CALL_FUNCTION",
        "LIBRARY_DIR",
        "RUNTIME_FILE",
        "UNWRAPPED_KEY",
        "generateRootIndex",
        "generateServer",
        "invalidServerName",
        "planServer",
        "runtimeModuleSource",
        "serverIdentifiers",
        "toIdentifier",
        "unwrapOnHost",
      ],
    }
  `);
});
