import { expect, it } from 'vitest';
import { generateRootIndex, generateServer, RUNTIME_FILE, runtimeModuleSource } from '../src/index.js';
import { randomTools } from './support/random-schemas.js';
import { typecheckTree } from './support/typecheck.js';

it('turns 300 random schemas (cycles, unions, refs to the root) into types that pass tsc --strict, none falling back', async () => {
  const files: Record<string, string> = {
    [RUNTIME_FILE]: runtimeModuleSource(),
    'index.ts': generateRootIndex(['r1', 'r2', 'r3']),
  };
  for (const seed of [1, 2, 3]) {
    const server = await generateServer(`r${seed}`, randomTools(seed, 100));
    for (const [name, source] of Object.entries(server.files)) files[`r${seed}/${name}`] = source;
  }
  const fallbacks = Object.entries(files).filter(
    ([, source]) => source.includes('could not be converted') || source.includes('safety check'),
  );
  expect(fallbacks.map(([name]) => name)).toEqual([]);
  expect(typecheckTree(files)).toEqual([]);
});
