// Runbyte's speed figures are taken in a fresh process, so nothing the bench did before (the 10,000-row
// replies, the tokenizer, other Runbytes) weighs on them. Reports over IPC.
import { measureRunbyteSpeed } from './speed.js';

try {
  const figures = await measureRunbyteSpeed((msg) => process.stderr.write(`[speed] ${msg}\n`));
  process.send?.(figures);
} catch (error) {
  process.send?.({ error: (error as Error).message.split('\n')[0] });
}
process.disconnect?.();
