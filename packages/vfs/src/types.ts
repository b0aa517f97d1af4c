import type { Logger } from '@runbyte/codegen';
import type { ImportHelp } from './import-help.js';
import type { ServerCatalog } from './tree.js';
import type { Workspace, WorkspaceOptions } from './workspace.js';

export interface DirEntry {
  /** A name in the listed folder; under /workspace, a path relative to the listed folder. */
  name: string;
  type: 'file' | 'directory';
  description?: string;
}

export interface Listing {
  /** The normalised virtual path that was listed. */
  path: string;
  entries: DirEntry[];
  /** The same, as a tree for a model to read. */
  text: string;
}

export interface ListOptions {
  /** Adds each tool's one-line summary. Default false. */
  withDescriptions?: boolean;
  /**
   * Searches the functions under the path (a /servers path) instead of listing it; `;` separates
   * several needs, each answered separately.
   */
  query?: string;
}

/** What the bundler reads modules from: absolute, normalised `/servers/...` paths. */
export interface ModuleSource {
  /** The source, or undefined when there is no such file (never throws for a missing file). */
  read(path: string): Promise<string | undefined>;
}

export interface VfsOptions {
  catalog: ServerCatalog;
  /** A workspace, or the options to create one. Default: createWorkspace(). */
  workspace?: Workspace | WorkspaceOptions;
  /** Told when a server's files are generated. Default: silent. */
  logger?: Logger;
}

export interface Vfs {
  list(path?: string, options?: ListOptions): Promise<Listing>;
  read(path: string): Promise<string>;
  /** Regenerates a server's files (all servers' without an argument) lazily on next read. */
  invalidate(server?: string): void;
  readonly workspace: Workspace;
  readonly modules: ModuleSource;
  /** What to tell an agent about an import under /servers that resolves to nothing. */
  readonly importHelp: ImportHelp;
}
