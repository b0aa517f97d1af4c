import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "ApprovalFallback",
        "ApprovalPolicy",
        "ApprovalRule",
        "ExecuteOptions",
        "ExecuteOutcome",
        "ExecuteProgress",
        "ExecutionClient",
        "FailureDescription",
        "FailurePhase",
        "HealthReport",
        "HttpServeOptions",
        "HttpServerHandle",
        "JsonValue",
        "LogEntry",
        "Logger",
        "Runbyte",
        "RunbyteConfig",
        "RunbyteErrorCode",
        "RunbyteOptions",
        "RunbyteServerSettings",
        "StdioServerHandle",
        "ToolCallRecord",
      ],
      "values": [
        "INSTRUCTIONS",
        "RunbyteError",
        "createRunbyte",
        "describeFailure",
        "serveHttp",
        "serveStdio",
      ],
    }
  `);
});
