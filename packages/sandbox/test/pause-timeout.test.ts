// A host call that waits for a person holds a pause: the run's time limit stops meanwhile, in-thread and
// in worker mode (where the parent's watchdog must stop too).
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox, type HostFunction, type Sandbox } from '../src/index.js';
import { expectFail, expectOk } from './helpers.js';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The call outlasts the time limit and the worker watchdog (limit + 2 s); only the pause lets the run finish.
const waiting = (pause: boolean): Record<string, HostFunction> => ({
  ask: async (_args, ctx) => {
    const resume = pause ? ctx.pauseTimeout() : () => undefined;
    try {
      await wait(2_600);
      return 'answered';
    } finally {
      resume();
      resume();
    }
  },
});

const CODE = 'export async function exec() { return await ask(); }';
const limits = { timeoutMs: 300 };

describe.each([
  ['in-thread', 0],
  ['worker', 1],
])('pauseTimeout (%s)', (_mode, workers) => {
  let sandbox: Sandbox;
  afterAll(() => sandbox?.dispose());

  it('lets a paused call outlast the time limit, and the limit runs again after it', async () => {
    sandbox ??= await createSandbox({ workers });
    const paused = await sandbox.run(CODE, { hostFunctions: waiting(true), limits });
    expect(expectOk(paused).value).toBe('answered');
    const after = await sandbox.run('export async function exec() { await ask(); for (;;) {} }', {
      hostFunctions: waiting(true),
      limits,
    });
    expect(expectFail(after).error.kind).toBe('timeout');
  }, 20_000);

  it('times out the same call without a pause', async () => {
    sandbox ??= await createSandbox({ workers });
    const run = await sandbox.run(CODE, { hostFunctions: waiting(false), limits });
    expect(expectFail(run).error.kind).toBe('timeout');
  }, 20_000);
});
