// `pnpm start` stopped with Ctrl-C: the terminal sends SIGINT to the whole process group (pnpm, its
// shell, node), and pnpm forwards one more. Runbyte must stop cleanly and pnpm report no ELIFECYCLE.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR, sandboxDir, waitFor, whyNotRunnable, type Sandbox } from './support/cli.js';

const notRunnable =
  (await whyNotRunnable()) ??
  (spawnSync('pnpm', ['--version']).status === 0 ? undefined : 'pnpm is not on PATH') ??
  (process.platform === 'win32' ? 'process groups are POSIX' : undefined);

let box: Sandbox;
beforeAll(() => {
  box = sandboxDir('pnpm-start');
});
afterAll(() => box.remove());

describe.skipIf(notRunnable)('pnpm start', () => {
  it('stops on Ctrl-C (SIGINT to the process group) with exit 0 and no ELIFECYCLE', async () => {
    const child = spawn('pnpm', ['start', '--port', '0'], { cwd: REPO_DIR, env: box.env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<[number | null, string | null]>((resolve) =>
      child.on('exit', (code, signal) => resolve([code, signal])),
    );
    try {
      await waitFor(
        () => /Runbyte serving MCP on/.test(output) || undefined,
        `the server to listen: ${output}`,
        30_000,
      );
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toEqual([0, null]);
      expect(output).toContain('stopped');
      expect(output).not.toMatch(/ELIFECYCLE|exiting without waiting/);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 60_000);
});
