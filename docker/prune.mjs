// Removes from a deployed Runbyte (`pnpm --filter runbyte deploy --prod --legacy <dir>`) the files of its
// dependencies that Node never loads at run time, and prints the size before and after:
// - type declarations, source maps and TypeScript sources (Node runs the packages' JavaScript);
// - @types/* packages (json-schema-to-typescript lists them as dependencies);
// - prettier's parsers and printers: codegen calls json-schema-to-typescript with `format: false`, which
//   loads prettier's entry (kept) but never formats, so the parsers and printers it imports on demand
//   (plugins/), its CLI (internal/, bin/) and its browser build (standalone) are never loaded.
// Runbyte's own dist/ and src/ are kept whole, so its stack traces still map to its sources (and
// @runbyte/typecheck keeps the TypeScript lib .d.ts files it vendors in dist/vendor/lib, which it loads).
// Usage: node docker/prune.mjs <deploy dir>
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const PRUNED_FILE = /\.(d\.[cm]?ts|[cm]?ts|map)$/;
const PRETTIER_DROP = ['plugins', 'internal', 'bin', 'standalone.js', 'standalone.mjs'];

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node docker/prune.mjs <deploy dir>');
  process.exit(2);
}
const modules = join(dir, 'node_modules');

/** Bytes of the regular files under `path`, each inode once (pnpm's layout hard-links). */
function sizeOf(path, seen = new Set()) {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink() || seen.has(stat.ino)) return 0;
  seen.add(stat.ino);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name), seen), 0);
}

function prune(path, inRunbyte) {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      if (entry.name === '@types' && !inRunbyte) rmSync(full, { recursive: true, force: true });
      else if (entry.name === 'prettier' && lstatSync(join(full, 'package.json'), { throwIfNoEntry: false }))
        for (const name of PRETTIER_DROP) rmSync(join(full, name), { recursive: true, force: true });
      else prune(full, inRunbyte || entry.name === '@runbyte');
    } else if (!inRunbyte && PRUNED_FILE.test(entry.name)) {
      rmSync(full, { force: true });
    }
  }
}

const before = sizeOf(dir);
prune(modules, false);
const after = sizeOf(dir);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(`pruned ${dir}: ${mb(before)} -> ${mb(after)}`);
