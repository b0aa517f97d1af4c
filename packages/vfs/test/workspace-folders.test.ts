import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace, type WorkspaceOptions } from '../src/index.js';
import { rejection, tempDir } from './support/catalog.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function setup(options: Omit<WorkspaceOptions, 'dir'> = {}): { ws: Workspace; dir: string } {
  const base = tempDir();
  cleanups.push(base.cleanup);
  const dir = join(base.dir, 'workspace');
  return { ws: createWorkspace({ ...options, dir }), dir };
}

describe('workspace folders', () => {
  it('refuses a name too long for the disk before creating any folder of its path', async () => {
    const { ws, dir } = setup();
    await ws.writeFile('keep.txt', 'x');
    for (let i = 0; i < 20; i++) {
      const error = await rejection(ws.writeFile(`run${i}/a/b/${'n'.repeat(300)}.txt`, 'data'));
      expect(error.code).toBe('EINVAL');
      expect(error.message).toMatch(
        /is 304 bytes; a file or folder name may have at most 255\. Choose a shorter name\./,
      );
    }
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    expect(await ws.usage()).toMatchObject({ files: 1, folders: 0 });
  });

  it('counts folders, also those made from outside, and refuses a write past maxFolders', async () => {
    const { ws, dir } = setup({ maxFolders: 3 });
    mkdirSync(join(dir, 'outside', 'empty'), { recursive: true });
    await ws.writeFile('a/one.txt', '1');
    expect(await ws.usage()).toMatchObject({ files: 1, folders: 3 });
    const error = await rejection(ws.writeFile('b/c/two.txt', '2'));
    expect(error.code).toBe('EQUOTA');
    expect(error.message).toBe(
      'EQUOTA: Writing /workspace/b/c/two.txt would create 2 folders, over the limit of 3 folders in /workspace (it holds 3 folders now). Use fewer, shallower folders, or delete files you no longer need (a folder goes away with its last file).',
    );
    expect(existsSync(join(dir, 'b'))).toBe(false);
    // Writing into a folder that exists needs no new one; deleting the last file frees its folder.
    await ws.writeFile('a/three.txt', '3');
    await ws.deleteFile('a/one.txt');
    await ws.deleteFile('a/three.txt');
    expect(await ws.usage()).toMatchObject({ files: 0, folders: 2 });
    await ws.writeFile('b/two.txt', '2');
  });
});
