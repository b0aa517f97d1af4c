// `pnpm --filter @runbyte/bench bench:typecheck`: the type-checking figures alone, as JSON.
import { measureTypecheck } from './typecheck.js';

process.stdout.write(`${JSON.stringify(await measureTypecheck(), null, 2)}\n`);
