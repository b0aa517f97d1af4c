import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "Bundle",
        "BundleErrorCode",
        "BundleOptions",
        "Bundler",
        "BundlerOptions",
        "BundlerStats",
        "Diagnostic",
        "ImportHints",
        "Logger",
        "ModuleSource",
        "StandaloneBundle",
        "StandaloneOptions",
      ],
      "values": [
        "BundleError",
        "createBundler",
      ],
    }
  `);
});
