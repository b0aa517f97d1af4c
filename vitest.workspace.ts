// The test projects of the monorepo: one per package, each running its own `test/` folder.
// Workspace packages resolve to their `src/index.ts` through aliases, so tests run against the sources
// without a build step; end-to-end tests of the CLI use the built `dist/`. Aliases rather than the
// `source` export condition: vitest hands resolve conditions to Node itself, and then dependencies
// that publish a `source` export of their own (eventsource, used by the SDK's HTTP clients) would
// resolve to TypeScript files Node cannot load.
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const dirs = [
  'packages/utils',
  'packages/sandbox',
  'packages/bundler',
  'packages/hub',
  'packages/codegen',
  'packages/vfs',
  'packages/typecheck',
  'packages/server',
  'apps/runbyte',
];

const libraries = ['utils', 'test-support', 'sandbox', 'bundler', 'hub', 'codegen', 'vfs', 'typecheck', 'server'];
const alias = Object.fromEntries(
  libraries.map((name) => [
    `@runbyte/${name}`,
    fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
  ]),
);

export const projects = dirs.map((dir) =>
  defineProject({
    resolve: { alias },
    test: {
      name: dir.split('/').pop()!,
      root: dir,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);

export default projects;
