// Bundles json-schema-to-typescript into dist/vendor/json-schema-to-typescript.cjs, with prettier left
// out: Runbyte calls it with `format: false`, yet the package loads prettier (11 MB installed) when it
// loads. Users then install neither; the generated code is the same bytes (codegen's tests check it).
import { build } from 'esbuild-wasm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

const noPrettier = {
  name: 'no-prettier',
  setup(b) {
    b.onResolve({ filter: /^prettier(\/.*)?$/ }, () => ({ path: 'prettier', namespace: 'no-prettier' }));
    b.onLoad({ filter: /.*/, namespace: 'no-prettier' }, () => ({
      contents:
        "module.exports = { format() { throw new Error('prettier is not bundled: call json-schema-to-typescript with format: false'); } };",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [require.resolve('json-schema-to-typescript')],
  absWorkingDir: packageDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/vendor/json-schema-to-typescript.cjs',
  plugins: [noPrettier],
  legalComments: 'eof',
  logLevel: 'warning',
});
