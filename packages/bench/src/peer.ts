import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { script } from './paths.js';
import type { Summary } from './stats.js';

const run = promisify(execFile);

export interface PeerFigures {
  name: string;
  node?: string;
  codeModeVersion?: string;
  /** Where the Node 22 binary came from. */
  nodeSource?: string;
  return1?: Summary;
  sequentialExecution?: Summary;
  sequentialPerCall?: Summary;
  parallel?: Summary;
  floorPerCallInBatch?: Summary;
  error?: string;
}

async function version(binary: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 20_000 });
    return Number(/^v(\d+)/.exec(stdout.trim())?.[1]);
  } catch {
    return undefined;
  }
}

/** isolated-vm 6 ships binaries for the Node 22 and 24 ABIs only; find such a Node without touching this one. */
export async function findNode22(log: (msg: string) => void): Promise<{ binary: string; source: string }> {
  const candidates: [string | undefined, string][] = [
    [process.env.RUNBYTE_BENCH_NODE, 'RUNBYTE_BENCH_NODE'],
    [process.env.RUNBYTE_CONFORMANCE_NODE, 'RUNBYTE_CONFORMANCE_NODE'],
    [
      join(
        process.env.RUNBYTE_CI_TOOLS ?? join(homedir(), '.cache', 'runbyte-ci'),
        'node_modules',
        'node',
        'bin',
        'node',
      ),
      'the CI tools folder',
    ],
  ];
  const major = Number(process.versions.node.split('.')[0]);
  if (major === 22 || major === 24) return { binary: process.execPath, source: 'this Node' };
  for (const [binary, source] of candidates) {
    if (binary && existsSync(binary) && [22, 24].includes((await version(binary)) ?? 0)) return { binary, source };
  }
  log('peer: fetching Node 22 with `npx -y -p node@22` (the npm package node@22 carries the binary)');
  const { stdout } = await run('npx', ['-y', '-p', 'node@22', 'node', '-p', 'process.execPath'], { timeout: 300_000 });
  const binary = stdout.trim().split('\n').pop()!;
  if (![22, 24].includes((await version(binary)) ?? 0))
    throw new Error(`npx node@22 gave ${binary}, which is not Node 22`);
  return { binary, source: 'npx -p node@22' };
}

export async function measurePeer(log: (msg: string) => void): Promise<PeerFigures> {
  const name = '@utcp/code-mode';
  let node: { binary: string; source: string };
  try {
    node = await findNode22(log);
  } catch (error) {
    return { name, error: `no Node 22 to run isolated-vm under: ${(error as Error).message.split('\n')[0]}` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-peer-'));
  const out = join(dir, 'peer.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(node.binary, ['--no-node-snapshot', script('peer-runner.js'), out], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
      child.on('error', reject);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        if (!existsSync(out))
          reject(new Error(`peer runner exited with ${exitCode}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
        else resolve(exitCode);
      });
    });
    const figures = JSON.parse(readFileSync(out, 'utf8')) as PeerFigures;
    if (code !== 0 && !figures.error) figures.error = `peer runner exited with ${code}`;
    return { ...figures, name, nodeSource: node.source };
  } catch (error) {
    return { name, nodeSource: node.source, error: (error as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
