import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consumerManifest, packageOf, sizeOf } from '../src/install-size.js';

describe('packageOf', () => {
  it('names the innermost package of a path, scoped or not', () => {
    expect(packageOf('/t/node_modules/zod/lib/index.js')).toBe('zod');
    expect(packageOf('/t/node_modules/@swc/wasm/wasm_bg.wasm')).toBe('@swc/wasm');
    expect(packageOf('/t/node_modules/a/node_modules/@s/b/x.js')).toBe('@s/b');
    expect(packageOf('/t/node_modules/a/node_modules/zod/x.js')).toBe('zod');
  });

  it('is undefined for npm files that belong to no package', () => {
    expect(packageOf('/t/node_modules/.package-lock.json')).toBeUndefined();
    expect(packageOf('/t/node_modules/.bin/tsc')).toBeUndefined();
    expect(packageOf('/t/package.json')).toBeUndefined();
  });
});

describe('consumerManifest', () => {
  const tarballs = [
    { name: 'runbyte', file: 'runbyte-0.1.0.tgz' },
    { name: '@runbyte/hub', file: 'runbyte-hub-0.1.0.tgz' },
  ];

  it('depends on the app tarball and overrides every other workspace package with its tarball', () => {
    expect(consumerManifest(tarballs)).toEqual({
      name: 'runbyte-install-size',
      private: true,
      dependencies: { runbyte: 'file:tarballs/runbyte-0.1.0.tgz' },
      overrides: { '@runbyte/hub': 'file:tarballs/runbyte-hub-0.1.0.tgz' },
    });
  });

  it('says which tarballs it saw when the app is not among them', () => {
    expect(() => consumerManifest(tarballs.slice(1))).toThrow('no tarball of runbyte among runbyte-hub-0.1.0.tgz');
  });
});

describe('sizeOf', () => {
  const root = mkdtempSync(join(tmpdir(), 'runbyte-size-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('sums every file, sorts packages by bytes and counts nested copies as packages', () => {
    const modules = join(root, 'node_modules');
    const file = (rel: string, bytes: number) => {
      const path = join(modules, rel);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, 'x'.repeat(bytes));
    };
    file('.package-lock.json', 5);
    file('small/index.js', 10);
    file('@s/big/a.js', 100);
    file('@s/big/lib/b.js', 50);
    file('small/node_modules/@s/big/a.js', 20);
    expect(sizeOf(modules, 1)).toEqual({
      bytes: 185,
      files: 5,
      packages: 3,
      largest: [{ name: '@s/big', bytes: 170 }],
    });
  });
});
