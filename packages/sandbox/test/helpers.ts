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
