// Skills and bytes across the bridge: the median cost of saving a skill (bundle check + write + history)
// and of an execution that imports one, and how fast writeBytes/readBytes carry data to and from the sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServer, type OutcomeLike } from './runbyte.js';
import { QUICK, summarize, type Summary } from './stats.js';

export interface SkillFigures {
  /** Execution that calls saveSkill with new source each run (so it is checked and versioned), in ms. */
  saveSkillMs: Summary;
  /** Execution that imports a saved skill and calls it, in ms. */
  importSkillMs: Summary;
  /** Execution that only returns 1, for reference, in ms. */
  baselineMs: Summary;
  /** Bytes per second of writeBytes / readBytes of `bridgeBytes` bytes, measured inside the sandbox. */
  bridgeBytes: number;
  writeBytesPerS: Summary;
  readBytesPerS: Summary;
}

const BYTES = 4 * 1024 * 1024;

function value(outcome: OutcomeLike): unknown {
  if (!outcome.ok) throw new Error(`execution failed: ${outcome.message}`);
  return outcome.result;
}

export async function measureSkills(): Promise<SkillFigures> {
  const runs = QUICK ? 3 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-skills-'));
  const { createRunbyte } = await loadServer();
  const runbyte = await createRunbyte({ mcpServers: {}, server: { workspaceDir: dir } });
  try {
    const save = (i: number) => `import { saveSkill } from '@runbyte/fs';
export async function exec() {
  return (await saveSkill('bench', 'export function add(a: number, b: number) { return a + b + ${i}; }', { description: 'Adds' })).changed;
}`;
    value(await runbyte.executeCode(save(-1)));
    const saveSamples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      value(await runbyte.executeCode(save(i)));
      saveSamples.push(performance.now() - t);
    }

    const durations = async (code: string): Promise<number[]> => {
      const out: number[] = [];
      await runbyte.executeCode(code);
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        value(await runbyte.executeCode(code));
        out.push(performance.now() - t);
      }
      return out;
    };
    const importSamples = await durations(
      `import { add } from './skills/bench';\nexport async function exec() { return add(1, 2); }`,
    );
    const baselineSamples = await durations('export async function exec() { return 1; }');

    const bridge = `import { writeBytes, readBytes } from '@runbyte/fs';
export async function exec() {
  const data = new Uint8Array(${BYTES});
  for (let i = 0; i < data.length; i++) data[i] = i & 255;
  // The sandbox has Date, not performance: 4 MiB takes long enough for millisecond ticks.
  let t = Date.now();
  await writeBytes('bench.bin', data);
  const write = Math.max(1, Date.now() - t);
  t = Date.now();
  const back = await readBytes('bench.bin');
  const read = Math.max(1, Date.now() - t);
  if (back.length !== data.length) throw new Error('short read');
  return [write, read];
}`;
    const writes: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < Math.max(3, runs >> 2); i++) {
      const [write, read] = value(await runbyte.executeCode(bridge)) as [number, number];
      writes.push(BYTES / (write / 1000));
      reads.push(BYTES / (read / 1000));
    }
    return {
      saveSkillMs: summarize(saveSamples),
      importSkillMs: summarize(importSamples),
      baselineMs: summarize(baselineSamples),
      bridgeBytes: BYTES,
      writeBytesPerS: summarize(writes),
      readBytesPerS: summarize(reads),
    };
  } finally {
    await runbyte.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
