import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace } from '@runbyte/vfs';
import { createRunbyte } from '../src/index.js';
import { saveResult } from '../src/results.js';
import { tempDir, type TempDir } from './helpers.js';

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

describe('saved results', () => {
  it('removes the oldest results beyond the total, keeping the newest', async () => {
    dir = tempDir('results');
    const ws = createWorkspace({ dir: join(dir.path, 'ws') });
    const big = JSON.stringify('z'.repeat(1_000));
    const saved = [];
    for (let i = 0; i < 5; i++) saved.push(await saveResult(ws, big, 2_500));
    const left = (await ws.listFiles('results')).map((p) => `/workspace/${p}`);
    expect(left).toEqual(saved.slice(3).map((s) => s.path));
    expect(saved[4]!.uri).toBe(`runbyte://workspace/${saved[4]!.path.slice('/workspace/'.length)}`);
  });
});

describe('server.resultsMaxMb', () => {
  it('bounds the total size of saved results, oldest removed first', async () => {
    dir = tempDir('results-max');
    const workspaceDir = join(dir.path, 'ws');
    const runbyte = await createRunbyte({ mcpServers: {}, server: { workspaceDir, resultsMaxMb: 1, timeout: 20 } });
    try {
      const saved: string[] = [];
      for (let i = 0; i < 3; i++) {
        // About 600 KB each: over the result budget, so saved; two together are over 1 MiB.
        const outcome = await runbyte.executeCode(
          `export async function exec() { return Array.from({ length: 6000 }, (_, i) => 'row ${i} ' + i + ' ' + 'x'.repeat(90)); }`,
        );
        expect(outcome.ok).toBe(true);
        if (outcome.ok) saved.push(outcome.saved!.path);
      }
      const ws = createWorkspace({ dir: workspaceDir });
      const left = await ws.listFileInfo('results');
      expect(left.map((f) => `/workspace/${f.path}`)).toEqual([saved[2]]);
      expect(left[0]!.size).toBeGreaterThan(600_000);
    } finally {
      await runbyte.close();
    }
  });

  it('refuses a value that is not a positive number', async () => {
    await expect(createRunbyte({ mcpServers: {}, server: { resultsMaxMb: 0 } })).rejects.toThrow(
      'server.resultsMaxMb must be a positive number, got 0.',
    );
  });
});
