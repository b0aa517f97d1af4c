// A lock over the whole workspace folder, shared by every process that uses it (proper-lockfile: an
// atomic mkdir, refreshed while held and taken over when its holder died).
import { lock } from 'proper-lockfile';
import { join } from 'node:path';
import { TEMP_PREFIX } from './disk.js';
import { VfsError } from './errors.js';

/** Inside the workspace, named like a temp file so listings and quotas never see it. */
const LOCK_NAME = `${TEMP_PREFIX}lock`;

/** Runs `fn` while holding the workspace's cross-process lock. */
export async function withFolderLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lock(dir, {
      lockfilePath: join(dir, LOCK_NAME),
      realpath: false,
      // Held for one write at a time: short waits, many of them, so a busy peer only slows us down.
      retries: { retries: 400, minTimeout: 2, maxTimeout: 50, factor: 1.3, randomize: true },
      stale: 10_000,
      // The default throws from a timer and would crash the server; a lost lock only weakens one write.
      onCompromised: () => undefined,
    });
  } catch (error) {
    throw new VfsError(
      'EIO',
      '/workspace',
      `Another process has held the /workspace lock for too long (${error instanceof Error ? error.message : String(error)}); try again.`,
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
