import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayConfig } from './downstream.js';
import { stdioClient } from './mcp-client.js';
import { load, loadServer, waitReady, type RunbyteLike } from './runbyte.js';
import { measure, QUICK, summarize, type Summary } from './stats.js';
import { resultText, runbyteClient } from './mcp-client.js';

import { CONCURRENT_EXECUTIONS, PARALLEL_CALLS, SEQUENTIAL_CALLS, SLOW_MS } from './speed-constants.js';

export { CONCURRENT_EXECUTIONS, PARALLEL_CALLS, SEQUENTIAL_CALLS, SLOW_MS };

/** The downstream servers of the speed runs: a fast replay and the same one answering after 300 ms. */
export function speedServers() {
  return { everything: replayConfig('everything'), slow: replayConfig('everything', 'slow', SLOW_MS) };
}

export const CODE = {
  return1: 'export async function exec() { return 1; }',
  sequential: `import * as everything from './servers/everything';
export async function exec() {
  for (let i = 0; i < ${SEQUENTIAL_CALLS}; i++) await everything.echo({ message: 'ping' });
  return ${SEQUENTIAL_CALLS};
}`,
  parallel: `import * as slow from './servers/slow';
export async function exec() {
  await Promise.all(Array.from({ length: ${PARALLEL_CALLS} }, (_, i) => slow.echo({ message: 'call ' + i })));
  return ${PARALLEL_CALLS};
}`,
  oneCall: `import * as everything from './servers/everything';
export async function exec() { await everything.echo({ message: 'ping' }); return 1; }`,
};

/** A figure that could not be measured, with the reason. */
export interface Skipped {
  skipped: string;
}

export type Figure = Summary | Skipped;

export function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && 'skipped' in value;
}

export async function attempt<T>(fn: () => Promise<T>): Promise<T | Skipped> {
  try {
    return await fn();
  } catch (error) {
    return { skipped: (error as Error).message.split('\n')[0]! };
  }
}

export interface FloorFigures {
  /** One direct SDK call over stdio, measured one at a time. */
  perCall: Summary;
  /** Batches of 300 sequential direct calls, divided by 300 (comparable with one execution of 300 calls). */
  perCallInBatch: Summary;
}

export async function measureFloor(): Promise<FloorFigures> {
  const client = await stdioClient(replayConfig('everything'));
  try {
    const call = () => client.callTool({ name: 'echo', arguments: { message: 'ping' } });
    const perCall = await measure(1000, call, 50);
    const batch = await measure(
      10,
      async () => {
        for (let i = 0; i < SEQUENTIAL_CALLS; i++) await call();
      },
      2,
    );
    return { perCall, perCallInBatch: scale(batch, 1 / SEQUENTIAL_CALLS) };
  } finally {
    await client.close();
  }
}

function scale(s: Summary, f: number): Summary {
  return { median: s.median * f, min: s.min * f, max: s.max * f, runs: s.runs };
}

async function executeOk(runbyte: RunbyteLike, code: string): Promise<void> {
  const outcome = await runbyte.executeCode(code);
  if (!outcome.ok) throw new Error(`execution failed (${outcome.phase}): ${outcome.message}`);
}

export interface RunbyteSpeed {
  /** Direct SDK client batches of 300 sequential calls, interleaved with the Runbyte executions below. */
  directPerCall: Figure;
  /** Argument validation: hub.callTool batches with validation on and off, interleaved (same server). */
  validation?: { onPerCall: Summary; offPerCall: Summary; costPerCallMs: number } | Skipped;
  /** `hub.callTool` alone, 300 sequential calls divided by 300: the hub's share of a call from code. */
  hubPerCall: Figure;
  return1: Figure;
  return1OverMcp: Figure;
  sequentialExecution: Figure;
  sequentialPerCall: Figure;
  parallel: Figure;
  concurrent: Figure;
  concurrentPerExecution?: Figure;
}

export async function measureRunbyteSpeed(log: (msg: string) => void): Promise<RunbyteSpeed> {
  const server = await loadServer();
  const workspaceDir = mkdtempSync(join(tmpdir(), 'runbyte-bench-'));
  const runbyte = await server.createRunbyte({ mcpServers: speedServers(), server: { workspaceDir } });
  try {
    const down = await waitReady(runbyte);
    if (down.length) throw new Error(`servers not ready: ${down.join('; ')}`);
    log('speed: hub.callTool alone');
    const hubBatch = await attempt(() =>
      measure(
        10,
        async () => {
          for (let i = 0; i < SEQUENTIAL_CALLS; i++) await runbyte.callTool('everything', 'echo', { message: 'ping' });
        },
        2,
      ),
    );
    const hubPerCall = isSkipped(hubBatch) ? hubBatch : scale(hubBatch, 1 / SEQUENTIAL_CALLS);
    log('speed: return 1');
    const return1 = await attempt(() => measure(200, () => executeOk(runbyte, CODE.return1), 10));
    const return1OverMcp = await attempt(async () => {
      const client = await runbyteClient(runbyte);
      try {
        return await measure(
          100,
          async () => {
            const result = await client.callTool({ name: 'execute_code', arguments: { code: CODE.return1 } });
            if (result.isError) throw new Error(resultText(result));
          },
          5,
        );
      } finally {
        await client.close();
      }
    });
    log(`speed: ${SEQUENTIAL_CALLS} sequential calls in one execution, interleaved with a direct SDK client`);
    const direct = await stdioClient(replayConfig('everything'));
    const directSamples: number[] = [];
    const executionSamples: number[] = [];
    try {
      const rounds = QUICK ? 2 : 15;
      for (let i = 0; i < rounds + 2; i++) {
        // Alternated, so both see the same load of the shared machine; the first two rounds warm up.
        let start = performance.now();
        for (let c = 0; c < SEQUENTIAL_CALLS; c++)
          await direct.callTool({ name: 'echo', arguments: { message: 'ping' } });
        if (i >= 2) directSamples.push(performance.now() - start);
        start = performance.now();
        await executeOk(runbyte, CODE.sequential);
        if (i >= 2) executionSamples.push(performance.now() - start);
      }
    } finally {
      await direct.close();
    }
    const sequentialExecution = summarize(executionSamples);
    const sequentialPerCall = scale(sequentialExecution, 1 / SEQUENTIAL_CALLS);
    const directPerCall = scale(summarize(directSamples), 1 / SEQUENTIAL_CALLS);
    log('speed: argument validation on and off (hub.callTool)');
    const validation = await attempt(() => measureValidation());
    log(`speed: Promise.all of ${PARALLEL_CALLS} calls of ${SLOW_MS} ms`);
    const parallel = await attempt(() => measure(8, () => executeOk(runbyte, CODE.parallel), 1));
    log(`speed: ${CONCURRENT_EXECUTIONS} concurrent executions`);
    const perExecution: number[] = [];
    const concurrent = await attempt(() =>
      measure(
        10,
        () =>
          Promise.all(
            Array.from({ length: CONCURRENT_EXECUTIONS }, async () => {
              const start = performance.now();
              await executeOk(runbyte, CODE.oneCall);
              perExecution.push(performance.now() - start);
            }),
          ),
        2,
      ),
    );
    return {
      directPerCall,
      validation,
      hubPerCall,
      return1,
      return1OverMcp,
      sequentialExecution,
      sequentialPerCall,
      parallel,
      concurrent,
      concurrentPerExecution: summarize(perExecution),
    };
  } finally {
    await runbyte.close();
    rmSync(workspaceDir, { recursive: true, force: true });
  }
}

interface HubModule {
  createHub(
    servers: Record<string, { command: string; args: string[] }>,
    options: { validateArguments: boolean },
  ): {
    start(): Promise<void>;
    callTool(server: string, tool: string, args: Record<string, unknown>): Promise<unknown>;
    close(): Promise<void>;
  };
}

/** The cost of argument validation on the call loop: two hubs on the same kind of server, one validating. */
async function measureValidation(): Promise<{ onPerCall: Summary; offPerCall: Summary; costPerCallMs: number }> {
  const { createHub } = await load<HubModule>('@runbyte/hub', ['createHub']);
  const on = createHub({ everything: replayConfig('everything') }, { validateArguments: true });
  const off = createHub({ everything: replayConfig('everything') }, { validateArguments: false });
  try {
    await Promise.all([on.start(), off.start()]);
    const batch = async (hub: typeof on) => {
      const start = performance.now();
      for (let i = 0; i < SEQUENTIAL_CALLS; i++) await hub.callTool('everything', 'echo', { message: 'ping' });
      return (performance.now() - start) / SEQUENTIAL_CALLS;
    };
    const onSamples: number[] = [];
    const offSamples: number[] = [];
    const rounds = QUICK ? 2 : 30;
    for (let i = 0; i < rounds + 2; i++) {
      const a = await batch(on);
      const b = await batch(off);
      if (i >= 2) {
        onSamples.push(a);
        offSamples.push(b);
      }
    }
    const onPerCall = summarize(onSamples);
    const offPerCall = summarize(offSamples);
    return { onPerCall, offPerCall, costPerCallMs: onPerCall.median - offPerCall.median };
  } finally {
    await Promise.all([on.close(), off.close()]);
  }
}

export { measureCodegen, type CodegenFigures } from './speed-codegen.js';
export { catalogueVfs, measureBundle, measureListing, type BundleFigures, type ListingFigures } from './speed-vfs.js';
export { measureBridge, type BridgeFigures } from './speed-bridge.js';
