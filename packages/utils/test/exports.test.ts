import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "LineEvent",
        "Logger",
        "OversizedLine",
      ],
      "values": [
        "LineSplitter",
        "capText",
        "closestMatches",
        "codeFrame",
        "didYouMean",
        "editDistance",
        "errnoCode",
        "formatBytes",
        "isObject",
        "jsonRpcIdOf",
        "listNames",
        "messageOf",
        "oneLine",
        "plural",
        "silentLogger",
        "toolResultValue",
      ],
    }
  `);
});
