import type { Writable } from 'node:stream';
import type { RunbyteConfig } from '@runbyte/server';
import type { Logger } from '../logger.js';
import { startRunbyte } from './start.js';

/** `runbyte cat PATH`: a file as the agent reads it with read_file. */
export async function cat(
  path: string,
  config: RunbyteConfig,
  logger: Logger,
  io: { stdout: Writable },
): Promise<number> {
  const runbyte = await startRunbyte(config, logger);
  try {
    const text = await runbyte.readFile(path);
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  } finally {
    await runbyte.close();
  }
}
