import type { Writable } from 'node:stream';
import type { RunbyteConfig } from '@runbyte/server';
import type { Logger } from '../logger.js';
import { startRunbyte } from './start.js';

/** `runbyte ls [PATH]`: the readable tree the agent gets from list_directory. */
export async function ls(
  path: string | undefined,
  config: RunbyteConfig,
  logger: Logger,
  io: { stdout: Writable },
): Promise<number> {
  const runbyte = await startRunbyte(config, logger);
  try {
    const listing = await runbyte.listDirectory(path ?? '/', { withDescriptions: true });
    io.stdout.write(listing.text.endsWith('\n') ? listing.text : `${listing.text}\n`);
    return 0;
  } finally {
    await runbyte.close();
  }
}
