import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createSandbox, type RunResult, type Sandbox } from '../src/index.js';

let shared: Promise<Sandbox> | undefined;

/** One sandbox for a test file: the WASM module is per process anyway, runs are isolated. */
export function sandbox(): Promise<Sandbox> {
  shared ??= createSandbox();
  return shared;
}

export function expectOk(result: RunResult): Extract<RunResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result;
}

export function expectFail(result: RunResult): Extract<RunResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result;
}

/** The sandbox still works normally after whatever ran before. */
export async function expectHealthy(sb: Sandbox): Promise<void> {
  const result = await sb.run(
    'export async function exec() { await null; return [1 + 1, typeof process, typeof require] }',
  );
  expect(expectOk(result).value).toEqual([2, 'undefined', 'undefined']);
}

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * A worker thread cannot load TypeScript, so worker mode runs the build of these sources (dist/). Rebuild
 * it when any source is newer, so the tests never exercise stale code.
 */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  const built = join(root, 'dist', 'worker-entry.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
}
