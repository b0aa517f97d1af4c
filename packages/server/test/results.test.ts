import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace } from '@runbyte/vfs';
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
