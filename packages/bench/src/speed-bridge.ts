import { loadBundler, loadSandbox } from './runbyte.js';
import { measure, type Summary } from './stats.js';

export interface BridgeFigures {
  /** `sandbox.run` of an already bundled `return 1`: the sandbox's share of an execution. */
  sandboxReturn1: Summary;
  /** `bundler.bundle` of `return 1` (content cache cold each time: a new comment per run). */
  bundleReturn1: Summary;
  calls: number;
  withCalls: Summary;
  baseline: Summary;
  /** (withCalls - baseline) / calls, in ms. */
  perCallMs: number;
}

/** The cost of one bridged host call: @runbyte/sandbox alone, with a host function that does nothing. */
export async function measureBridge(): Promise<BridgeFigures> {
  const { createSandbox } = await loadSandbox();
  const { createBundler } = await loadBundler();
  const sandbox = await createSandbox();
  const bundler = createBundler({ modules: { read: async () => undefined } });
  const calls = 10_000;
  try {
    const withCalls = await bundler.bundle(
      `declare function __noop(): Promise<null>;\nexport async function exec() { for (let i = 0; i < ${calls}; i++) await __noop(); return 1; }`,
    );
    const baseline = await bundler.bundle(
      `export async function exec() { for (let i = 0; i < ${calls}; i++) await null; return 1; }`,
    );
    const hostFunctions = { __noop: () => null };
    const run = async (input: typeof withCalls) => {
      const result = await sandbox.run(input, { hostFunctions });
      if (!result.ok) throw new Error(`sandbox run failed (${result.error.kind}): ${result.error.message}`);
    };
    const w = await measure(10, () => run(withCalls), 2);
    const b = await measure(10, () => run(baseline), 2);
    const return1 = await bundler.bundle('export async function exec() { return 1; }');
    const sandboxReturn1 = await measure(200, () => run(return1), 10);
    let n = 0;
    const bundleReturn1 = await measure(
      200,
      () => bundler.bundle(`export async function exec() { return 1; }\n// ${n++}`),
      10,
    );
    return {
      sandboxReturn1,
      bundleReturn1,
      calls,
      withCalls: w,
      baseline: b,
      perCallMs: (w.median - b.median) / calls,
    };
  } finally {
    await bundler.dispose();
  }
}
