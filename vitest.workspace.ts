// The test projects of the monorepo: one per package, each running its own `test/` folder.
// Workspace packages resolve to their `src/index.ts` through aliases, so tests run against the sources
// without a build step; end-to-end tests of the CLI use the built `dist/`. Aliases rather than the
// `source` export condition: vitest hands resolve conditions to Node itself, and then dependencies
// that publish a `source` export of their own (eventsource, used by the SDK's HTTP clients) would
// resolve to TypeScript files Node cannot load.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  'packages/bench',
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

// The server's tests create Runbyte in-process: its data folder (learned result types, the default
// workspace) is per run, never the user's, so state left by one run cannot change what the next reads.
// Only there: pnpm keeps its store under XDG_DATA_HOME too, and the CLI's tests run pnpm (and set their own).
const dataHome = join(tmpdir(), `runbyte-test-data-${process.pid}`);

export const projects = dirs.map((dir) =>
  defineProject({
    resolve: { alias },
    test: {
      name: dir.split('/').pop()!,
      root: dir,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...(dir === 'packages/server' ? { env: { XDG_DATA_HOME: dataHome } } : {}),
    },
  }),
);

export default projects;
