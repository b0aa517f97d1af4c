import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "CliConfig",
        "CliErrorCode",
        "CliErrorData",
        "CliIo",
        "ConfigSource",
        "LoadConfigOptions",
        "LoadedConfig",
        "RemoteServerConfig",
        "ServerConfig",
        "ServerSettings",
        "StdioServerConfig",
        "ValidateOptions",
        "ValidatedConfig",
      ],
      "values": [
        "DEFAULT_HOST",
        "DEFAULT_PORT",
        "RunbyteCliError",
        "VERSION",
        "configSearchPaths",
        "credentialsFile",
        "loadConfig",
        "runCli",
        "validateConfig",
      ],
    }
  `);
});
