// Empties the package's dist/ before tsc writes it: tsc never deletes the output of a source file that
// is gone, and turbo caches (and later restores) whatever dist/ holds, stale files included.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
