import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "ExecutionErrorInfo",
        "ExecutionErrorKind",
        "HostCallContext",
        "HostFunction",
        "JsonValue",
        "Limits",
        "LogEntry",
        "Logger",
        "RunInput",
        "RunOptions",
        "RunResult",
        "Sandbox",
        "SandboxErrorCode",
        "SandboxOptions",
      ],
      "values": [
        "DEFAULT_LIMITS",
        "SANDBOX_GLOBALS_DTS",
        "STRING_INPUT_MODULE",
        "SandboxError",
        "createSandbox",
      ],
    }
  `);
});
