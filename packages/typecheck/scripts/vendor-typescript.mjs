// Vendors the TypeScript compiler into dist/vendor, so users install 3 MB instead of the 23 MB
// `typescript` package (a devDependency here):
// - dist/vendor/typescript.cjs: lib/typescript.js minified (no tsc, tsserver or other locales);
// - dist/vendor/lib/: lib.es2022.d.ts and the lib files it references, the only ones the checker loads
//   (its options name ES2022 and no DOM);
// - the declarations of internal modules that name TypeScript's types (host, filter, typescript) are
//   removed: they are not reachable from index.d.ts, and a consumer without `typescript` could not
//   resolve them. The build fails if a reachable declaration still imports 'typescript'.
import { build } from 'esbuild-wasm';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(packageDir, 'dist');
const typescriptLib = dirname(require.resolve('typescript'));

await build({
  entryPoints: [join(typescriptLib, 'typescript.js')],
  absWorkingDir: packageDir,
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/vendor/typescript.cjs',
  legalComments: 'eof',
  logLevel: 'warning',
});

const libDir = join(dist, 'vendor', 'lib');
mkdirSync(libDir, { recursive: true });
const pending = ['es2022'];
const copied = new Set();
while (pending.length > 0) {
  const lib = pending.pop();
  if (copied.has(lib)) continue;
  copied.add(lib);
  const file = `lib.${lib}.d.ts`;
  const from = join(typescriptLib, file);
  if (!existsSync(from)) throw new Error(`vendor-typescript: ${file} is not in ${typescriptLib}`);
  copyFileSync(from, join(libDir, file));
  for (const [, referenced] of readFileSync(from, 'utf8').matchAll(/\/\/\/\s*<reference lib="([^"]+)"/g))
    pending.push(referenced.toLowerCase());
}

// Declarations reachable from the public entry, by their relative imports.
const reachable = new Set();
const visit = (file) => {
  if (reachable.has(file)) return;
  reachable.add(file);
  const text = readFileSync(join(dist, file), 'utf8');
  if (/from ['"]typescript['"]|import\(['"]typescript['"]\)/.test(text))
    throw new Error(`vendor-typescript: dist/${file} imports 'typescript', which users do not install`);
  for (const [, spec] of text.matchAll(/from ['"]\.\/([^'"]+)\.js['"]/g)) visit(`${spec}.d.ts`);
};
visit('index.d.ts');
for (const file of readdirSync(dist))
  if (/\.d\.ts(\.map)?$/.test(file) && !reachable.has(file.replace(/\.map$/, ''))) rmSync(join(dist, file));
