// Whose /workspace an operation sees: the shared one, or with server.workspacePerClient an identity's own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createVfs, createWorkspace, SKILLS_PATH, type ModuleSource, type Vfs, type Workspace } from '@runbyte/vfs';
import type { Hub } from '@runbyte/hub';
import { DEFAULT_RESULTS_MAX_BYTES } from './results.js';

/** One client's files: its workspace (skills included), the same folder with the results' bounds, and
 * the tree it lists and reads (/servers is the same for everyone). */
export interface ClientFiles {
  /** Undefined for the shared workspace. */
  readonly identity?: string;
  readonly workspace: Workspace;
  readonly results: Workspace;
  readonly vfs: Vfs;
}

export interface ClientFilesOptions {
  hub: Hub;
  workspaceDir?: string;
  /** The results' budget in bytes (default 256 MiB). */
  resultsMaxBytes?: number;
  perClient: boolean;
  /** Bundles and type-checks a skill before it is saved; runs with the saving client's files current. */
  checkSkill: (source: string, filename: string) => Promise<void>;
}

export interface ClientFilesRegistry {
  readonly shared: ClientFiles;
  /** The identity's files when workspaces are per client, else the shared ones. */
  of(identity: string | undefined): ClientFiles;
  /** Every tree made so far, for invalidation. */
  all(): ClientFiles[];
}

/** The folder under `<workspaceDir>/clients/` of each identity. */
export const CLIENTS_DIR = 'clients';

const current = new AsyncLocalStorage<ClientFiles>();

/** Runs `fn` with `files` as the current client's: the bundler and the type-checker read /skills from
 * them, and an execution started inside uses their workspace. */
export function withClientFiles<T>(files: ClientFiles, fn: () => T): T {
  return current.run(files, fn);
}

export function currentClientFiles(): ClientFiles | undefined {
  return current.getStore();
}

/** The shared module source with /skills read from the current client's workspace: one bundler and
 * one type-checker serve every client. */
export function clientModules(shared: ModuleSource): ModuleSource {
  return {
    read: (path) =>
      typeof path === 'string' && path.startsWith(`${SKILLS_PATH}/`)
        ? (current.getStore()?.vfs.modules ?? shared).read(path)
        : shared.read(path),
  };
}

export function createClientFiles(options: ClientFilesOptions): ClientFilesRegistry {
  const make = (dir: string | undefined, identity?: string): ClientFiles => {
    const workspace = createWorkspace({
      ...(dir !== undefined ? { dir } : {}),
      // A skill is bundled before it is saved, so a broken one is refused with the error an execution would get.
      checkSkill: (source, filename) => withClientFiles(files, () => options.checkSkill(source, filename)),
    });
    // Results are written by Runbyte, not the agent: the same folder with bounds of their own, so a
    // complete value larger than the per-file limit is still saved whole.
    const bound = options.resultsMaxBytes ?? DEFAULT_RESULTS_MAX_BYTES;
    const results = createWorkspace({
      dir: workspace.dir,
      maxFileBytes: bound,
      maxTotalBytes: workspace.limits.maxTotalBytes + bound,
    });
    const files: ClientFiles = {
      ...(identity !== undefined ? { identity } : {}),
      workspace,
      results,
      vfs: createVfs({ catalog: options.hub, workspace }),
    };
    return files;
  };
  const shared = make(options.workspaceDir);
  const byIdentity = new Map<string, ClientFiles>();
  return {
    shared,
    of(identity) {
      if (!options.perClient || identity === undefined) return shared;
      let files = byIdentity.get(identity);
      if (!files) {
        files = make(join(shared.workspace.dir, CLIENTS_DIR, folderName(identity)), identity);
        byIdentity.set(identity, files);
      }
      return files;
    },
    all: () => [shared, ...byIdentity.values()],
  };
}

/** The identity itself when it is a plain file name, else a digest of it: an identity an embedder's
 * middleware sets may hold anything, and must not walk out of clients/. */
function folderName(identity: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(identity)) return identity;
  return `id-${createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 16)}`;
}
