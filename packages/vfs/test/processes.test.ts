import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/index.js';
import { tempDir } from './support/catalog.js';

const fixture = fileURLToPath(new URL('./fixtures/append-lines.mjs', import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function run(dir: string, who: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, dir, who, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${who} exited with ${code}: ${stderr}`))));
  });
}

describe('a workspace shared by several processes', () => {
  it('keeps every line when two processes append 500 lines each to one file', async () => {
    const base = tempDir();
    cleanups.push(base.cleanup);
    const dir = join(base.dir, 'ws');
    await Promise.all([run(dir, 'a', 500), run(dir, 'b', 500)]);
    const lines = readFileSync(join(dir, 'log', 'shared.txt'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1000);
    for (const who of ['a', 'b']) {
      const mine = lines.filter((line) => line.startsWith(`${who} `));
      expect(mine).toEqual([...Array(500).keys()].map((i) => `${who} ${i} ${'x'.repeat(64)} end`));
    }
    // No lock or temp file is left behind, and none is ever listed.
    expect(readdirSync(dir).sort()).toEqual(['log', 'state-a.json', 'state-b.json']);
    expect(await createWorkspace({ dir }).listFiles()).toEqual(['log/shared.txt', 'state-a.json', 'state-b.json']);
  }, 120_000);
});
