// The storage contract of /workspace: a plain typed API over a folder on disk.
import type { QuotaLimits, Usage } from './quota.js';
import type { SavedSkill, SaveSkillOptions, SkillCheck, SkillInfo } from './skills.js';

export interface WorkspaceOptions {
  /** Folder on disk. Default: `<user data dir>/runbyte/workspace` (see defaultWorkspaceDir). Created on first use. */
  dir?: string;
  /** Largest file, in bytes. Default 10 MiB. */
  maxFileBytes?: number;
  /** Most files. Default 1,000. */
  maxFiles?: number;
  /** Most bytes over all files. Default 100 MiB. */
  maxTotalBytes?: number;
  /** Most folders. Default 1,000. */
  maxFolders?: number;
  /**
   * Checks a skill before it is saved (saveSkill, or writeFile of skills/<name>.ts): throw to refuse it,
   * and nothing is written. Runbyte bundles the skill here. Default: skills are saved unchecked.
   */
  checkSkill?: SkillCheck;
}

/** A file of the workspace with its size, as listed by listFileInfo. */
export interface WorkspaceFile {
  /** Relative to the workspace root, `/`-separated: usable as it is with readFile. */
  path: string;
  size: number;
}

export interface WorkspaceUsage extends Usage {
  limits: QuotaLimits;
}

/**
 * Paths may be written `/workspace/notes.txt`, `workspace/notes.txt`, `./workspace/notes.txt` or
 * `notes.txt`; all name the same file. Text is UTF-8. Sandboxed code reaches it through
 * workspaceHostHandler, which decodes the `@runbyte/fs` calls.
 */
export interface Workspace {
  /** Absolute host folder. For the host only: never show it to the agent. */
  readonly dir: string;
  readonly limits: QuotaLimits;
  readFile(path: string): Promise<string>;
  /** The file's bytes, whatever they are. */
  readBytes(path: string): Promise<Uint8Array>;
  /** Creates or replaces the file with these bytes, atomically. */
  writeBytes(path: string, data: Uint8Array): Promise<void>;
  /** Creates or replaces the file (and its folders), atomically. */
  writeFile(path: string, content: string): Promise<void>;
  /** Creates the file when missing (atomically), else adds to its end in place, under the cross-process lock. */
  appendFile(path: string, content: string): Promise<void>;
  /** Every file under `dir` (default: the whole workspace), recursively, as paths relative to the workspace root. */
  listFiles(dir?: string): Promise<string[]>;
  /** Same as listFiles with sizes, paths relative to the workspace root. */
  listFileInfo(dir?: string): Promise<WorkspaceFile[]>;
  /** True when a file was deleted, false when there was none. Folders left empty are removed. */
  deleteFile(path: string): Promise<boolean>;
  /** True for an existing file or folder. */
  exists(path: string): Promise<boolean>;
  readJSON<T = unknown>(path: string): Promise<T>;
  /** Writes `JSON.stringify(value, null, 2)` and a newline. */
  writeJSON(path: string, value: unknown): Promise<void>;
  /**
   * Saves `skills/<name>.ts` after the checkSkill option accepted it; the version it replaces (when the
   * source differs) is kept as `skills/.history/<name>/<n>.ts`. writeFile of that path does the same.
   */
  saveSkill(name: string, source: string, options?: SaveSkillOptions): Promise<SavedSkill>;
  /** Every saved skill with its description and exports, by name. */
  listSkills(): Promise<SkillInfo[]>;
  /** Files and bytes in use, and the limits. */
  usage(): Promise<WorkspaceUsage>;
}
