// Installed size of the CLI with its production dependencies: `pnpm deploy --prod` of apps/runbyte (what
// the Docker build stage installs), every file counted once (hard links and symlinks are not doubled).
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface InstallSize {
  bytes: number;
  files: number;
  /** The largest packages under node_modules, by bytes. */
  largest: { name: string; bytes: number }[];
}

function walk(dir: string, seen: Set<number>, onFile: (path: string, bytes: number) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) walk(path, seen, onFile);
    else if (entry.isFile()) {
      const stat = lstatSync(path);
      if (seen.has(stat.ino)) continue;
      seen.add(stat.ino);
      onFile(path, stat.size);
    }
  }
}

/** `node_modules/.pnpm/<pkg>@<version>/node_modules/<pkg>/...` → `<pkg>`. */
function packageOf(path: string): string {
  const parts = path.split('/node_modules/');
  const last = parts.at(-1) ?? '';
  const segments = last.split('/');
  return parts.length < 2 ? 'runbyte' : segments[0]!.startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0]!;
}

export function measureInstallSize(): InstallSize {
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-install-'));
  const target = join(dir, 'app');
  try {
    const deploy = spawnSync('pnpm', ['--filter', 'runbyte', 'deploy', '--prod', '--legacy', '--offline', target], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (deploy.status !== 0)
      throw new Error(`pnpm deploy failed: ${(deploy.stderr || deploy.stdout).trim().split('\n').at(-1)}`);
    let bytes = 0;
    let files = 0;
    const byPackage = new Map<string, number>();
    walk(target, new Set(), (path, size) => {
      bytes += size;
      files++;
      const name = packageOf(path);
      byPackage.set(name, (byPackage.get(name) ?? 0) + size);
    });
    const largest = [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, size]) => ({ name, bytes: size }));
    return { bytes, files, largest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
