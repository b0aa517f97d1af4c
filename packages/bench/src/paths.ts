import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const distDir = dirname(fileURLToPath(import.meta.url));

/** Compiled scripts beside this module (dist/), started as child processes. */
export function script(name: string): string {
  return join(distDir, name);
}

/** The repository root (packages/bench/dist → ../../..). */
export const repoRoot = join(distDir, '..', '..', '..');
