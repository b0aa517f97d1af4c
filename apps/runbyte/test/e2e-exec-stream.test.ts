// `runbyte exec` prints the script's console output as it happens, not once the run ends. The script
// logs, then waits for a file that this test writes only after it has seen the log line: without
// streaming the line would never arrive and the run would never end.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_DIR, sandboxDir, whyNotRunnable, type Sandbox } from './support/cli.js';

const notRunnable = existsSync(CLI) ? await whyNotRunnable() : 'apps/runbyte/dist/cli.js is missing: run `pnpm build`';

const SCRIPT = `import { exists } from '@runbyte/fs';
export async function exec() {
  console.log('waiting for go');
  while (!(await exists('go.txt'))) await new Promise((resolve) => setTimeout(resolve, 20));
  console.log('got go');
  return 'done';
}
`;

let box: Sandbox;
beforeAll(() => {
  box = sandboxDir('exec-stream');
});
afterAll(() => box.remove());

describe.skipIf(notRunnable)('runbyte exec streams console output', () => {
  it.each([0, 1])('with %i sandbox workers, a log line arrives while the script still runs', async (workers) => {
    const workspace = join(box.dir, `workspace-${workers}`);
    mkdirSync(workspace, { recursive: true });
    const config = box.writeConfig(
      { mcpServers: {}, server: { workspaceDir: workspace, workers } },
      `w${workers}.json`,
    );
    const script = join(box.dir, `wait-${workers}.ts`);
    writeFileSync(script, SCRIPT);

    const child = spawn(process.execPath, [CLI, 'exec', script, '--config', config], {
      env: box.env,
      cwd: REPO_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let exited = false;
    let seenWhileRunning = false;
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    const done = new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`runbyte exec did not finish: the log line never arrived while it ran.\nstderr:\n${stderr}`));
      }, 30_000);
      child.on('close', (code) => {
        exited = true;
        clearTimeout(timer);
        resolve(code);
      });
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      if (!seenWhileRunning && stderr.includes('log: waiting for go') && !exited) {
        seenWhileRunning = true;
        writeFileSync(join(workspace, 'go.txt'), 'go');
      }
    });
    const code = await done;
    expect(seenWhileRunning).toBe(true);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toBe('done');
    // Each line once, in order.
    expect(stderr.match(/log: waiting for go/g)).toHaveLength(1);
    expect(stderr.indexOf('log: waiting for go')).toBeLessThan(stderr.indexOf('log: got go'));
  });
});
