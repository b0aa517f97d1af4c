// What the workspace holds, for quotas: a scan of the folder kept current by our own writes and deletes.
import { lstat, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { walkFiles } from './disk.js';
import type { Usage } from './quota.js';

/** How long a scan of the folder is trusted for quotas; our own writes keep it current meanwhile. */
const USAGE_TTL_MS = 2_000;

interface Scan {
  at: number;
  /** Size of every regular file by path relative to the root. */
  sizes: Map<string, number>;
  folders: Set<string>;
}

export class UsageCache {
  private cache: Scan | undefined;

  constructor(private readonly dir: string) {}

  /** Rescanned when older than USAGE_TTL_MS so that files changed from outside are counted too. */
  private async scan(realRoot: string): Promise<Scan> {
    if (this.cache && Date.now() - this.cache.at < USAGE_TTL_MS) return this.cache;
    const folders: string[] = [];
    const files = (await walkFiles(realRoot, this.dir, folders)).filter((f) => !f.link);
    this.cache = { at: Date.now(), sizes: new Map(files.map((f) => [f.path, f.size])), folders: new Set(folders) };
    return this.cache;
  }

  async sizes(realRoot: string): Promise<Map<string, number>> {
    return (await this.scan(realRoot)).sizes;
  }

  async current(realRoot: string): Promise<Usage> {
    let bytes = 0;
    const { sizes, folders } = await this.scan(realRoot);
    for (const size of sizes.values()) bytes += size;
    return { files: sizes.size, bytes, folders: folders.size };
  }

  // Before the first scan there is nothing to keep current: the scan will see the change itself.
  fileWritten(rel: string, bytes: number): void {
    this.cache?.sizes.set(rel, bytes);
  }

  fileDeleted(rel: string): void {
    this.cache?.sizes.delete(rel);
  }

  folderCreated(rel: string): void {
    this.cache?.folders.add(rel);
  }

  folderRemoved(rel: string): void {
    this.cache?.folders.delete(rel);
  }
}

/** The parent folders of a file that do not exist yet, shallowest first, relative to the root. */
export async function missingParents(dir: string, segments: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let depth = segments.length - 1; depth > 0; depth--) {
    const rel = segments.slice(0, depth).join('/');
    const there = await lstat(join(dir, rel)).then(
      () => true,
      () => false,
    );
    if (there) break;
    missing.unshift(rel);
  }
  return missing;
}

/** Removes folders a failed write created, deepest first, as long as they are still empty. */
export async function removeFolders(dir: string, created: readonly string[], usage: UsageCache): Promise<void> {
  for (const rel of [...created].reverse()) {
    if (
      !(await rmdir(join(dir, rel)).then(
        () => true,
        () => false,
      ))
    )
      return;
    usage.folderRemoved(rel);
  }
}

/** After a delete: the folders above the file that it left empty go too, deepest first. */
export async function removeEmptyParents(dir: string, segments: readonly string[], usage: UsageCache): Promise<void> {
  for (let depth = segments.length - 1; depth > 0; depth--) {
    const folder = join(dir, ...segments.slice(0, depth));
    const left = await readdir(folder).catch(() => undefined);
    if (left === undefined || left.length > 0) return;
    await rmdir(folder).catch(() => undefined);
    usage.folderRemoved(segments.slice(0, depth).join('/'));
  }
}
