// What an embedder gets from npm: `pnpm -r pack` of the workspace, the tarballs unpacked into a fresh
// consumer project next to their production dependencies only (no devDependencies, no workspace
// links), then a strict `tsc` without skipLibCheck over every public entry, and node importing each.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from './support/cli.js';

interface Manifest {
  name: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Packed {
  manifest: Manifest;
  /** The workspace package the tarball was made from. */
  sourceDir: string;
  /** Where it is unpacked in the consumer's node_modules. */
  dir: string;
  files: string[];
}

const workspaceDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(REPO_DIR, group)).map((name) => join(REPO_DIR, group, name)),
);
const workspace = workspaceDirs
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }));
const published = workspace.filter((pkg) => !pkg.manifest.private);

const pnpm = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
const notBuilt = published.find((pkg) => !existsSync(join(pkg.dir, 'dist/index.js')));
const skip =
  pnpm.status !== 0
    ? 'pnpm is not on PATH'
    : notBuilt
      ? `${relative(REPO_DIR, notBuilt.dir)}/dist is missing: run \`pnpm build\` first`
      : undefined;

let root: string;
let consumer: string;
const packed = new Map<string, Packed>();

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), base) : [relative(base, join(dir, entry.name))],
  );
}

function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

beforeAll(() => {
  if (skip) return;
  root = mkdtempSync(join(tmpdir(), 'runbyte-pack-'));
  const tarballs = join(root, 'tarballs');
  consumer = join(root, 'consumer');
  const pack = spawnSync('pnpm', ['-r', 'pack', '--pack-destination', tarballs], { cwd: REPO_DIR, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`pnpm -r pack failed:\n${pack.stdout}\n${pack.stderr}`);
  const modules = join(consumer, 'node_modules');
  for (const tarball of readdirSync(tarballs)) {
    const into = join(root, 'unpacked', tarball);
    mkdirSync(into, { recursive: true });
    const untar = spawnSync('tar', ['xzf', join(tarballs, tarball), '-C', into], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar xzf ${tarball}: ${untar.stderr}`);
    const manifest = JSON.parse(readFileSync(join(into, 'package/package.json'), 'utf8')) as Manifest;
    const source = workspace.find((pkg) => pkg.manifest.name === manifest.name);
    if (!source) throw new Error(`${tarball} is not a workspace package`);
    const dir = join(modules, manifest.name);
    mkdirSync(dirname(dir), { recursive: true });
    spawnSync('mv', [join(into, 'package'), dir]);
    packed.set(manifest.name, { manifest, sourceDir: source.dir, dir, files: filesUnder(dir) });
  }
  // Production dependencies only, each the very copy the workspace package resolves (its own
  // dependencies sit next to it in pnpm's store); @types/node as any Node consumer has it.
  const linked = new Map<string, string>();
  const link = (name: string, from: string) => {
    const target = realpathSync(join(from, 'node_modules', name));
    const seen = linked.get(name);
    if (seen !== undefined) {
      if (seen !== target) throw new Error(`two copies of ${name} are needed: ${seen} and ${target}`);
      return;
    }
    linked.set(name, target);
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(target, join(modules, name), 'dir');
  };
  for (const pkg of packed.values())
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) if (!packed.has(dep)) link(dep, pkg.sourceDir);
  link('@types/node', REPO_DIR);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(skip)('the packed packages, as a consumer installs them', () => {
  it('pnpm -r pack makes a tarball of every published package and none of the private ones', () => {
    expect([...packed.keys()].sort()).toEqual(published.map((pkg) => pkg.manifest.name).sort());
    expect(packed.has('@runbyte/bench')).toBe(false);
    expect(packed.has('@runbyte/test-support')).toBe(false);
  });

  it('every entry a manifest names is in the tarball, with the LICENSE and no workspace: range', () => {
    for (const { manifest, files } of packed.values()) {
      const targets = [
        ...exportTargets(manifest.exports),
        ...(manifest.main ? [manifest.main] : []),
        ...(manifest.types ? [manifest.types] : []),
        ...Object.values(manifest.bin ?? {}),
      ].map((target) => target.replace(/^\.\//, ''));
      const missing = targets.filter((target) => !files.includes(target));
      expect({ name: manifest.name, missing }).toEqual({ name: manifest.name, missing: [] });
      expect(files).toContain('LICENSE');
      expect(readFileSync(join(packed.get(manifest.name)!.dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
    }
  });

  it('every source map that ships has its sources shipped too', () => {
    for (const { manifest, files, dir } of packed.values()) {
      const missing = files
        .filter((file) => file.endsWith('.map'))
        .flatMap((map) => {
          const { sources } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[] };
          return sources.map((source) => join(dirname(map), source)).filter((source) => !files.includes(source));
        });
      expect({ name: manifest.name, missing }).toEqual({ name: manifest.name, missing: [] });
    }
  });

  it('a strict consumer project type-checks every public entry without skipLibCheck', () => {
    const names = [...packed.keys()].sort();
    writeFileSync(
      join(consumer, 'index.ts'),
      `${names.map((name, i) => `import * as p${i} from '${name}';`).join('\n')}\nexport const all = [${names.map((_, i) => `p${i}`).join(', ')}];\n`,
    );
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const compilerOptions = {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
    };
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
    const tsc = createRequire(join(REPO_DIR, 'package.json')).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);

  it('node loads every public entry from the unpacked tarballs', () => {
    const script = [...packed.keys()].map((name) => `await import(${JSON.stringify(name)});`).join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
