// The test projects of the monorepo: one per package, each running its own `test/` folder.
// Packages import each other through the `source` export condition, so tests run against
// `src/` without a build step; end-to-end tests of the CLI use the built `dist/`.
import { defineProject } from 'vitest/config';
import { defaultServerConditions } from 'vite';

const dirs = [
  'packages/sandbox',
  'packages/bundler',
  'packages/hub',
  'packages/codegen',
  'packages/vfs',
  'packages/server',
  'apps/runbyte',
];

export const projects = dirs.map((dir) =>
  defineProject({
    resolve: { conditions: ['source', ...defaultServerConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
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
