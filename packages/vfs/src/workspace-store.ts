// The disk side of /workspace: the real root, one mutation at a time, and reads, writes and deletes that keep
// quotas and folders right. Argument shapes are checked by the callers (workspace.ts, workspace-host.ts).
import { appendFile, lstat, mkdir, readFile, realpath, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { atomicWrite, assertRealInside, errnoCode, fromHostError, walkFiles } from './disk.js';
import { VfsError } from './errors.js';
import { withFolderLock } from './lock.js';
import { checkQuota, type QuotaLimits } from './quota.js';
import { notFound, parentIsFile, resolveWorkspacePath, type WorkspacePath } from './workspace-paths.js';
import type { WorkspaceFile } from './workspace-types.js';
import { missingParents, removeEmptyParents, removeFolders, UsageCache } from './workspace-usage.js';

/** A path checked against the real root, symbolic links included. */
export type CheckedPath = WorkspacePath & { realRoot: string };

export class WorkspaceStore {
  readonly usage: UsageCache;
  private realRoot: Promise<string> | undefined;
  // Mutations run one at a time so that quota checks and appends see each other's results.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    readonly limits: QuotaLimits,
  ) {
    this.usage = new UsageCache(dir);
  }

  root(): Promise<string> {
    this.realRoot ??= mkdir(this.dir, { recursive: true })
      .then(() => realpath(this.dir))
      .catch((error: unknown) => {
        this.realRoot = undefined;
        throw fromHostError(error, '/workspace');
      });
    return this.realRoot;
  }

  /** One mutation at a time in this process, and across processes sharing the folder. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> => withFolderLock(this.dir, fn);
    const run = this.queue.then(locked, locked);
    this.queue = run.catch(() => undefined);
    return run;
  }

  resolve(path: unknown, what?: string): WorkspacePath {
    return resolveWorkspacePath(this.dir, path, what);
  }

  async checked(path: unknown, what?: string): Promise<CheckedPath> {
    const target = this.resolve(path, what);
    const real = await this.root();
    await assertRealInside(real, target.abs, target.virtual);
    return { ...target, realRoot: real };
  }

  async read(path: unknown): Promise<string>;
  async read(path: unknown, binary: true): Promise<Buffer>;
  async read(path: unknown, binary = false): Promise<string | Buffer> {
    const target = await this.checked(path);
    if (target.segments.length === 0)
      throw new VfsError(
        'EISDIR',
        target.virtual,
        '/workspace is a folder; give the path of a file inside it (listFiles() shows them).',
      );
    try {
      return binary ? await readFile(target.abs) : await readFile(target.abs, 'utf8');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw await notFound(this.dir, target);
      if (code === 'EISDIR')
        throw new VfsError(
          'EISDIR',
          target.virtual,
          `${target.virtual} is a folder; give the path of a file inside it (listFiles(${JSON.stringify(target.virtual)}) shows them).`,
        );
      throw fromHostError(error, target.virtual);
    }
  }

  private async sizeOf(target: WorkspacePath): Promise<number | undefined> {
    try {
      const info = await lstat(target.abs);
      if (info.isDirectory())
        throw new VfsError(
          'EISDIR',
          target.virtual,
          `${target.virtual} is a folder; give the path of a file inside it.`,
        );
      return info.size;
    } catch (error) {
      if (error instanceof VfsError) throw error;
      const code = errnoCode(error);
      if (code === 'ENOENT') return undefined;
      if (code === 'ENOTDIR') throw parentIsFile(target);
      throw fromHostError(error, target.virtual);
    }
  }

  /** Writes one file; the caller holds the lock (exclusive). A failed write removes the folders it made. */
  async writeLocked(target: CheckedPath, data: string | Uint8Array, mode: 'replace' | 'append'): Promise<void> {
    const old = await this.sizeOf(target);
    // Appending to a file that has content adds to its end in place (under the lock), not a rewrite.
    const inPlace = mode === 'append' && old !== undefined && old > 0;
    const added = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
    const bytes = inPlace ? old + added : added;
    const rel = target.segments.join('/');
    // A symbolic link being replaced is a new file as far as quotas go.
    const counted = (await this.usage.sizes(target.realRoot)).has(rel) ? old : undefined;
    const created = await missingParents(this.dir, target.segments);
    checkQuota(target.virtual, this.limits, await this.usage.current(target.realRoot), bytes, counted, created.length);
    try {
      await mkdir(dirname(target.abs), { recursive: true });
    } catch (error) {
      await removeFolders(this.dir, created, this.usage);
      const code = errnoCode(error);
      if (code === 'EEXIST' || code === 'ENOTDIR') throw parentIsFile(target);
      throw fromHostError(error, target.virtual);
    }
    for (const folder of created) this.usage.folderCreated(folder);
    try {
      await (inPlace ? appendFile(target.abs, data) : atomicWrite(target.abs, data));
    } catch (error) {
      await removeFolders(this.dir, created, this.usage);
      throw fromHostError(error, target.virtual);
    }
    this.usage.fileWritten(rel, bytes);
  }

  async listInfo(path: unknown = '/workspace'): Promise<WorkspaceFile[]> {
    const target = await this.checked(path ?? '/workspace', 'folder');
    try {
      const info = await lstat(target.abs);
      if (!info.isDirectory() && !info.isSymbolicLink()) {
        throw new VfsError(
          'ENOTDIR',
          target.virtual,
          `${target.virtual} is a file, not a folder; read it with readFile.`,
        );
      }
      if (info.isSymbolicLink()) {
        throw new VfsError(
          'ENOTDIR',
          target.virtual,
          `${target.virtual} is a symbolic link; folders reached through links are not listed.`,
        );
      }
    } catch (error) {
      if (error instanceof VfsError) throw error;
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw await notFound(this.dir, target);
      throw fromHostError(error, target.virtual);
    }
    const prefix = target.segments.length > 0 ? `${target.segments.join('/')}/` : '';
    const files = await walkFiles(target.realRoot, target.abs).catch((error: unknown) => {
      throw fromHostError(error, target.virtual);
    });
    return files.map((f) => ({ path: prefix + f.path, size: f.size }));
  }

  async delete(path: unknown): Promise<boolean> {
    const target = await this.checked(path);
    if (target.segments.length === 0)
      throw new VfsError('EISDIR', target.virtual, 'deleteFile deletes files; /workspace itself cannot be deleted.');
    return this.exclusive(async () => {
      try {
        const info = await lstat(target.abs);
        if (info.isDirectory()) {
          throw new VfsError(
            'EISDIR',
            target.virtual,
            `${target.virtual} is a folder; deleteFile deletes files (a folder goes away with its last file).`,
          );
        }
        await unlink(target.abs);
        this.usage.fileDeleted(target.segments.join('/'));
      } catch (error) {
        const code = errnoCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        throw fromHostError(error, target.virtual);
      }
      await removeEmptyParents(this.dir, target.segments, this.usage);
      return true;
    });
  }

  async exists(path: unknown): Promise<boolean> {
    const target = await this.checked(path);
    try {
      await lstat(target.abs);
      return true;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw fromHostError(error, target.virtual);
    }
  }
}
