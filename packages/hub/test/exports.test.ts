import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "ArgumentProblem",
        "CallToolOptions",
        "CallToolResult",
        "CredentialEntry",
        "CredentialStore",
        "Hub",
        "HubErrorCode",
        "HubErrorDetails",
        "HubOptions",
        "LearnedResult",
        "LearnedResults",
        "Logger",
        "LoginOptions",
        "OAuthSettings",
        "RemoteServerConfig",
        "ServerConfig",
        "ServerState",
        "ServerStatus",
        "StdioServerConfig",
        "Tool",
        "ToolFilter",
        "TransportKind",
      ],
      "values": [
        "ARGUMENT_PROBLEMS_META",
        "HubError",
        "compileToolFilter",
        "createFileCredentialStore",
        "createHub",
        "globToRegExp",
        "loginServer",
        "validateServerConfig",
        "validateServersConfig",
      ],
    }
  `);
});
