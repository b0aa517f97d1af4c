import { describe, expect, it } from 'vitest';
import { createSandbox, DEFAULT_LIMITS, SandboxError } from '../src/index.js';
import { expectFail, expectOk, sandbox } from './helpers.js';

describe('inputs', () => {
  it('runs a string of JavaScript as one module and calls its exec', async () => {
    const sb = await sandbox();
    const result = expectOk(await sb.run('export function exec() { return 1 }'));
    expect(result.value).toBe(1);
    expect(result.logs).toEqual([]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('links a module graph through links and known module names, with top-level await', async () => {
    const sb = await sandbox();
    const result = await sb.run({
      entry: 'agent.ts',
      modules: {
        'agent.ts': {
          code: "import { twice } from './servers/math';\nimport { base } from '/lib/base.ts';\nconst x = await Promise.resolve(20);\nexport async function exec() { return twice(x) + base }",
        },
        '/servers/math/index.ts': { code: 'export function twice(n) { return n * 2 }' },
        '/lib/base.ts': { code: 'export const base = 2;' },
      },
      links: { 'agent.ts': { './servers/math': '/servers/math/index.ts' } },
    });
    expect(expectOk(result).value).toBe(42);
  });

  it('calls the export exactly once, even when the module calls it too', async () => {
    const sb = await sandbox();
    let calls = 0;
    const result = await sb.run('export async function exec() { await count(); return "done" }\nexec();', {
      hostFunctions: {
        count: () => {
          calls++;
          return null;
        },
      },
    });
    expect(expectOk(result).value).toBe('done');
    expect(calls).toBe(2); // one from the module's own call, one from the sandbox
    calls = 0;
    await sb.run('export async function exec() { await count() }', {
      hostFunctions: {
        count: () => {
          calls++;
          return null;
        },
      },
    });
    expect(calls).toBe(1);
  });

  it('calls another export when exportName says so', async () => {
    const sb = await sandbox();
    const result = await sb.run({
      entry: 'm.js',
      modules: { 'm.js': { code: 'export const main = () => "main"' } },
      exportName: 'main',
    });
    expect(expectOk(result).value).toBe('main');
  });

  it('reports a missing exec export clearly', async () => {
    const sb = await sandbox();
    const error = expectFail(await sb.run('export function run() { return 1 }')).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toContain('no exported function "exec"');
    expect(error.message).toContain('export async function exec()');
  });

  it('reports an unknown import clearly, naming what can be imported', async () => {
    const sb = await sandbox();
    const error = expectFail(await sb.run("import fs from 'node:fs';\nexport function exec() { return fs }")).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toContain('Cannot import "node:fs"');
    expect(error.message).toContain('main.js');
  });

  it('reports a syntax error with its location', async () => {
    const sb = await sandbox();
    const error = expectFail(await sb.run('export function exec() {\n  return 1 +;\n}')).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toMatch(/^SyntaxError: /);
    expect(error.location).toMatchObject({ file: 'main.js', line: 2 });
  });

  it('fails a promise that can never settle instead of waiting for the timeout', async () => {
    const sb = await sandbox();
    const error = expectFail(await sb.run('export function exec() { return new Promise(() => {}) }')).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toContain('never settles');
  });

  it('rejects bad input and bad limits with a SandboxError', async () => {
    const sb = await sandbox();
    await expect(sb.run({ entry: 'x.js', modules: {} })).rejects.toThrow(SandboxError);
    await expect(sb.run('export function exec(){}', { limits: { timeoutMs: -1 } })).rejects.toMatchObject({
      code: 'INVALID_LIMITS',
      field: 'timeoutMs',
    });
    await expect(createSandbox({ limits: { nope: 1 } as never })).rejects.toMatchObject({ code: 'INVALID_LIMITS' });
    expect(DEFAULT_LIMITS.timeoutMs).toBe(30_000);
    expect(DEFAULT_LIMITS.memoryBytes).toBe(256 * 1024 * 1024);
    expect(DEFAULT_LIMITS.resultBytes).toBe(65_536);
  });

  it('gives every run a fresh global scope', async () => {
    const sb = await sandbox();
    expectOk(await sb.run('export function exec() { globalThis.leak = 42; Array.prototype.evil = 1; }'));
    const result = await sb.run('export function exec() { return [typeof leak, [].evil] }');
    expect(expectOk(result).value).toEqual(['undefined', null]);
  });
});
