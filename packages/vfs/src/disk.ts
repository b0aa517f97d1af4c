// Disk operations of the workspace: atomic writes, walks that never follow links out, error mapping.
import { errnoCode } from '@runbyte/utils';

export { errnoCode };
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { VfsError } from './errors.js';

/** Names of in-flight temp files; hidden from listings and never counted in quotas. */
export const TEMP_PREFIX = '.runbyte-tmp-';

export interface FileInfo {
  /** Relative to the folder that was walked, with `/` separators. */
  path: string;
  size: number;
  /** A symbolic link to a file inside the workspace (takes no space of its own). */
  link: boolean;
}

/** A Node fs error as a VfsError about the virtual path; the host path never reaches the message. */
export function fromHostError(error: unknown, virtual: string): VfsError {
  if (error instanceof VfsError) return error;
  const code = errnoCode(error);
  if (code === 'ENOENT') return new VfsError('ENOENT', virtual, `${virtual} does not exist.`);
  if (code === 'EISDIR') return new VfsError('EISDIR', virtual, `${virtual} is a folder, not a file.`);
  if (code === 'ENOTDIR') return new VfsError('ENOTDIR', virtual, `A parent of ${virtual} is a file, not a folder.`);
  const syscall =
    typeof (error as { syscall?: unknown })?.syscall === 'string'
      ? ` during ${(error as { syscall: string }).syscall}`
      : '';
  return new VfsError(
    'EIO',
    virtual,
    `The disk refused the operation on ${virtual} (${code ?? 'unknown error'}${syscall}).`,
  );
}

export function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Throws EESCAPE when `abs` (lexically inside the root) or its deepest existing ancestor resolves,
 * through symbolic links, to somewhere outside `realRoot`.
 */
export async function assertRealInside(realRoot: string, abs: string, virtual: string): Promise<void> {
  let current = abs;
  for (;;) {
    let real: string;
    try {
      real = await realpath(current);
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw fromHostError(error, virtual);
      const parent = dirname(current);
      if (parent === current) return;
      current = parent;
      continue;
    }
    if (!isInside(realRoot, real)) {
      throw new VfsError(
        'EESCAPE',
        virtual,
        `${virtual} goes through a symbolic link that points outside /workspace; only files inside the workspace can be used.`,
      );
    }
    return;
  }
}

/** Writes through a temp file in the same folder and a rename, so readers see the old or the new file, never half of one. */
export async function atomicWrite(abs: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(abs), `${TEMP_PREFIX}${basename(abs).slice(0, 40)}-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, abs);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Every file under `absDir`, sorted by path. Symbolic links are listed only when they point to a
 * file inside `realRoot`; linked folders are not entered (no loops, no escapes).
 */
export async function walkFiles(realRoot: string, absDir: string, folders?: string[]): Promise<FileInfo[]> {
  const found: FileInfo[] = [];
  async function visit(dir: string, prefix: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      // A folder removed while we walk is simply not there any more.
      if (errnoCode(error) === 'ENOENT') return;
      throw error;
    }
    // In parallel: a folder of 1,000 files is scanned on every quota check that misses the cache.
    await Promise.all(
      entries.map(async (entry) => {
        if (entry.name.startsWith(TEMP_PREFIX)) return;
        const abs = join(dir, entry.name);
        const path = prefix + entry.name;
        if (entry.isDirectory()) {
          folders?.push(path);
          await visit(abs, `${path}/`);
        } else if (entry.isFile()) {
          const info = await lstat(abs).catch(() => undefined);
          if (info) found.push({ path, size: info.size, link: false });
        } else if (entry.isSymbolicLink()) {
          const real = await realpath(abs).catch(() => undefined);
          if (real === undefined || !isInside(realRoot, real)) return;
          const info = await stat(abs).catch(() => undefined);
          if (info?.isFile()) found.push({ path, size: info.size, link: true });
        }
      }),
    );
  }
  await visit(absDir, '');
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Names directly in `absDir` (folders with a trailing `/`), for "did you mean" messages. */
export async function childNames(absDir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(absDir, { withFileTypes: true });
    return entries
      .filter((e) => !e.name.startsWith(TEMP_PREFIX))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort();
  } catch {
    return undefined;
  }
}
