// Installed size of the CLI with its production dependencies, as a user gets it from `npm install runbyte`:
// `pnpm -r pack` of the workspace, then `npm install --omit=dev` of the runbyte tarball in a fresh project
// whose overrides point every @runbyte/* dependency at its tarball (nothing unpublished is fetched). Every
// file of node_modules is counted once by inode; the figure is the sum of file sizes, not disk blocks.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface InstallSize {
  bytes: number;
  files: number;
  /** Installed packages (each nested copy counted as its own). */
  packages: number;
  /** The largest packages under node_modules, by bytes. */
  largest: { name: string; bytes: number }[];
}

const TOP = 15;

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

/**
 * The package a file under node_modules belongs to, by its innermost `node_modules/` segment:
 * `node_modules/a/node_modules/@s/b/x.js` → `@s/b`; undefined outside any package (npm's own
 * `node_modules/.package-lock.json`, `.bin/`).
 */
export function packageOf(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const [first, second] = parts.slice(at + 1);
  if (!first || first.startsWith('.')) return undefined;
  if (first.startsWith('@')) return second === undefined ? undefined : `${first}/${second}`;
  return parts.length > at + 2 ? first : undefined;
}

/** A packed tarball: the package's name and the file's name in the tarball folder. */
export interface Tarball {
  name: string;
  file: string;
}

/**
 * The consumer project's manifest: `runbyte` from its tarball, and every other workspace package it
 * reaches forced to its own tarball by `overrides` (npm would otherwise look them up in the registry).
 */
export function consumerManifest(tarballs: Tarball[], app = 'runbyte'): Record<string, unknown> {
  const main = tarballs.find((t) => t.name === app);
  if (!main) throw new Error(`no tarball of ${app} among ${tarballs.map((t) => t.file).join(', ') || 'none'}`);
  const overrides = Object.fromEntries(
    tarballs.filter((t) => t.name !== app).map((t) => [t.name, `file:tarballs/${t.file}`]),
  );
  return {
    name: 'runbyte-install-size',
    private: true,
    dependencies: { [app]: `file:tarballs/${main.file}` },
    overrides,
  };
}

/** Sizes of the files under `modules`, with the largest `top` packages. */
export function sizeOf(modules: string, top = TOP): InstallSize {
  let bytes = 0;
  let files = 0;
  const byPackage = new Map<string, number>();
  const roots = new Set<string>();
  walk(modules, new Set(), (path, size) => {
    bytes += size;
    files++;
    const name = packageOf(path);
    if (name === undefined) return;
    byPackage.set(name, (byPackage.get(name) ?? 0) + size);
    // A nested copy is a package of its own: its folder is the path up to and including its name.
    roots.add(path.slice(0, path.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}`.length));
  });
  const largest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, size]) => ({ name, bytes: size }));
  return { bytes, files, packages: roots.size, largest };
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    const output = (result.stderr || result.stdout || String(result.error ?? '')).trim().split('\n');
    throw new Error(`${command} ${args.join(' ')} failed: ${output.slice(-3).join(' | ')}`);
  }
}

export function measureInstallSize(): InstallSize {
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-install-'));
  try {
    const packed = join(dir, 'tarballs');
    mkdirSync(packed);
    run('pnpm', ['-r', 'pack', '--pack-destination', packed], repoRoot);
    const tarballs = readdirSync(packed).map((file) => {
      const untar = spawnSync('tar', ['-xzOf', join(packed, file), 'package/package.json'], { encoding: 'utf8' });
      if (untar.status !== 0) throw new Error(`cannot read package.json of ${file}: ${untar.stderr.trim()}`);
      return { name: (JSON.parse(untar.stdout) as { name: string }).name, file };
    });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(consumerManifest(tarballs), null, 2));
    run(
      'npm',
      ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      dir,
    );
    return sizeOf(join(dir, 'node_modules'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
