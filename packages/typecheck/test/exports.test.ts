import { fileURLToPath } from 'node:url';
import { publicApi } from '@runbyte/test-support';
import { expect, it } from 'vitest';

it('exports exactly its public API', () => {
  expect(publicApi(fileURLToPath(new URL('../src/index.ts', import.meta.url)))).toMatchInlineSnapshot(`
    {
      "types": [
        "TypeCheckResult",
        "TypeChecker",
        "TypeCheckerOptions",
        "TypeCheckerStats",
        "TypeDiagnostic",
      ],
      "values": [
        "createTypeChecker",
      ],
    }
  `);
});
