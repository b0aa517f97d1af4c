// The TypeScript compiler this package runs: the build's minified bundle of typescript.js with only the
// lib files the checker loads (scripts/vendor-typescript.mjs), so users do not install the 23 MB
// `typescript` package. Its types come from the `typescript` devDependency at build time; they are not
// part of this package's public declarations. package.json's folder is one level above src/ and dist/,
// so these paths serve both the built package and tests run from src/.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';

/** Where the vendored lib files (`lib.es2022.d.ts` and what it references) live. */
export const LIB_DIR = fileURLToPath(new URL('../dist/vendor/lib', import.meta.url));

const ts = createRequire(import.meta.url)('../dist/vendor/typescript.cjs') as typeof TS;

export default ts;
