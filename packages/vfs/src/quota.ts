// Every quota of the workspace is checked here and nowhere else.
import { VfsError } from './errors.js';
import { formatBytes, plural } from './format.js';

export interface QuotaLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
  /** Folders count too: an empty folder costs the disk an inode and a block, and quotas must see it. */
  maxFolders: number;
}

export const DEFAULT_LIMITS: QuotaLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 1_000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxFolders: 1_000,
};

export interface Usage {
  files: number;
  bytes: number;
  folders: number;
}

/**
 * Throws EQUOTA when writing `newBytes` to `path` (which holds `oldBytes` now, or does not exist when
 * undefined) would break a limit, given the workspace's current usage.
 */
export function checkQuota(
  path: string,
  limits: QuotaLimits,
  usage: Usage,
  newBytes: number,
  oldBytes: number | undefined,
  newFolders = 0,
): void {
  const advice = 'Delete files you no longer need (deleteFile) or write less data.';
  if (newFolders > 0 && usage.folders + newFolders > limits.maxFolders) {
    throw new VfsError(
      'EQUOTA',
      path,
      `Writing ${path} would create ${plural(newFolders, 'folder')}, over the limit of ${plural(limits.maxFolders, 'folder')} in /workspace (it holds ${plural(usage.folders, 'folder')} now). Use fewer, shallower folders, or delete files you no longer need (a folder goes away with its last file).`,
      { limit: limits.maxFolders, usage: usage.folders },
    );
  }
  if (newBytes > limits.maxFileBytes) {
    throw new VfsError(
      'EQUOTA',
      path,
      `Writing ${path} would make it ${formatBytes(newBytes)}, over the limit of ${formatBytes(limits.maxFileBytes)} per file (it is ${formatBytes(oldBytes ?? 0)} now). Split the data into smaller files.`,
      { limit: limits.maxFileBytes, usage: oldBytes ?? 0 },
    );
  }
  if (oldBytes === undefined && usage.files + 1 > limits.maxFiles) {
    throw new VfsError(
      'EQUOTA',
      path,
      `Creating ${path} would exceed the limit of ${plural(limits.maxFiles, 'file')} in /workspace (it holds ${plural(usage.files, 'file')} now). ${advice}`,
      { limit: limits.maxFiles, usage: usage.files },
    );
  }
  const total = usage.bytes - (oldBytes ?? 0) + newBytes;
  if (total > limits.maxTotalBytes) {
    throw new VfsError(
      'EQUOTA',
      path,
      `Writing ${path} would bring /workspace to ${formatBytes(total)}, over the limit of ${formatBytes(limits.maxTotalBytes)} in total (${formatBytes(usage.bytes)} used now). ${advice}`,
      { limit: limits.maxTotalBytes, usage: usage.bytes },
    );
  }
}

export function validLimits(options: Partial<Record<keyof QuotaLimits, unknown>>): QuotaLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof QuotaLimits>) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new VfsError(
        'EINVAL',
        '/workspace',
        `The workspace option ${key} must be a positive whole number, got ${JSON.stringify(value)}.`,
      );
    }
    limits[key] = value;
  }
  return limits;
}
