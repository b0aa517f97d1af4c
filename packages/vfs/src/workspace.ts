// /workspace: a real folder on disk that sandboxed code reads and writes through @runbyte/fs.
import { appendFile, lstat, mkdir, readFile, readdir, realpath, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve as resolveHost } from 'node:path';
import { atomicWrite, assertRealInside, childNames, errnoCode, fromHostError, TEMP_PREFIX, walkFiles } from './disk.js';
import { VfsError } from './errors.js';
import { handleHostCall } from './host-call.js';
import { withFolderLock } from './lock.js';
import { describeType, joinVirtual, splitVirtualPath } from './paths.js';
import { checkQuota, validLimits, type QuotaLimits, type Usage } from './quota.js';
import {
  assertSkillName,
  HISTORY_DIR,
  skillInfo,
  skillNameOf,
  SKILLS_DIR,
  withDescription,
  type SavedSkill,
  type SaveSkillOptions,
  type SkillCheck,
  type SkillInfo,
} from './skills.js';
import { whatExists } from './suggest.js';
import { defaultWorkspaceDir } from './user-data-dir.js';

// What common file systems (ext4, APFS, NTFS in UTF-16 units) allow, less room for our temp suffix.
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4_000;

/** How long a scan of the folder is trusted for quotas; our own writes keep it current meanwhile. */
const USAGE_TTL_MS = 2_000;

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
 * `notes.txt`; all name the same file. Text is UTF-8.
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
  /** The `__runbyte_fs(op, ...args)` bridge: JSON in, JSON out; VfsError EINVAL for an unknown op or bad arguments. */
  handleHostCall(op: string, args: unknown[]): Promise<unknown>;
}

interface Resolved {
  /** `/workspace/...` */
  virtual: string;
  segments: string[];
  abs: string;
}

export function createWorkspace(options: WorkspaceOptions = {}): Workspace {
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '')) {
    throw new VfsError(
      'EINVAL',
      '/workspace',
      `The workspace option dir must be a non-empty string, got ${describeType(options.dir)}.`,
    );
  }
  const dir = resolveHost(options.dir ?? defaultWorkspaceDir());
  const limits = validLimits(options);
  const checkSkill = options.checkSkill;
  let realRoot: Promise<string> | undefined;
  // Mutations run one at a time so that quota checks and appends see each other's results.
  let queue: Promise<unknown> = Promise.resolve();
  let usageCache: { at: number; sizes: Map<string, number>; folders: Set<string> } | undefined;

  function root(): Promise<string> {
    realRoot ??= mkdir(dir, { recursive: true })
      .then(() => realpath(dir))
      .catch((error: unknown) => {
        realRoot = undefined;
        throw fromHostError(error, '/workspace');
      });
    return realRoot;
  }

  /** One mutation at a time in this process, and across processes sharing the folder. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> => withFolderLock(dir, fn);
    const run = queue.then(locked, locked);
    queue = run.catch(() => undefined);
    return run;
  }

  function resolve(path: unknown, what = 'path'): Resolved {
    if (typeof path !== 'string')
      throw new VfsError('EINVAL', String(path), `The ${what} must be a string, got ${describeType(path)}.`);
    // On Windows a backslash would be a separator for the host; make it one here too, before the checks.
    const typed = process.platform === 'win32' ? path.replace(/\\/g, '/') : path;
    const first = typed.split('/').find((p) => p !== '' && p !== '.');
    const virtualInput = typed.startsWith('/') || first === 'workspace' ? `/${typed}` : `/workspace/${typed}`;
    let segments: string[];
    try {
      segments = splitVirtualPath(virtualInput, what);
    } catch (error) {
      if (error instanceof VfsError && error.code === 'EESCAPE') segments = [];
      else throw error;
    }
    if (segments[0] !== 'workspace') {
      throw new VfsError(
        'EESCAPE',
        path,
        `${JSON.stringify(path)} is outside /workspace. Workspace paths look like "notes.txt" or "/workspace/notes.txt".`,
      );
    }
    const inner = segments.slice(1);
    if (inner.some((s) => s.startsWith(TEMP_PREFIX))) {
      throw new VfsError(
        'EINVAL',
        joinVirtual(segments),
        `Names starting with "${TEMP_PREFIX}" are reserved for Runbyte's temporary files; choose another name.`,
      );
    }
    checkNames(inner, joinVirtual(segments));
    return { virtual: joinVirtual(segments), segments: inner, abs: join(dir, ...inner) };
  }

  /** Names the disk would refuse are refused here, before any folder of the path is created. */
  function checkNames(inner: string[], virtual: string): void {
    for (const name of inner) {
      const bytes = Buffer.byteLength(name, 'utf8');
      if (bytes > MAX_NAME_BYTES)
        throw new VfsError(
          'EINVAL',
          virtual,
          `The name "${name.slice(0, 40)}…" in ${virtual.slice(0, 80)}${virtual.length > 80 ? '…' : ''} is ${bytes} bytes; a file or folder name may have at most ${MAX_NAME_BYTES}. Choose a shorter name.`,
        );
    }
    const total = Buffer.byteLength(join(dir, ...inner), 'utf8');
    if (total > MAX_PATH_BYTES)
      throw new VfsError(
        'EINVAL',
        virtual.slice(0, 80),
        `The path ${virtual.slice(0, 80)}… is too long (${total} bytes on disk, at most ${MAX_PATH_BYTES}); use fewer or shorter folder names.`,
      );
  }

  async function checked(path: unknown, what?: string): Promise<Resolved & { realRoot: string }> {
    const target = resolve(path, what);
    const real = await root();
    await assertRealInside(real, target.abs, target.virtual);
    return { ...target, realRoot: real };
  }

  /** ENOENT that names what exists in the nearest existing folder above the missing path. */
  async function notFound(target: Resolved): Promise<VfsError> {
    for (let depth = target.segments.length - 1; depth >= 0; depth--) {
      const parent = target.segments.slice(0, depth);
      const names = await childNames(join(dir, ...parent));
      if (names === undefined) continue;
      const folder = joinVirtual(['workspace', ...parent]);
      return new VfsError(
        'ENOENT',
        target.virtual,
        `${target.virtual} does not exist. ${whatExists(target.segments[depth]!, folder, names)}`,
      );
    }
    return new VfsError('ENOENT', target.virtual, `${target.virtual} does not exist.`);
  }

  function parentIsFile(target: Resolved): VfsError {
    return new VfsError(
      'ENOTDIR',
      target.virtual,
      `Cannot write ${target.virtual}: one of its parent folders is a file.`,
    );
  }

  async function sizeOf(target: Resolved): Promise<number | undefined> {
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

  /**
   * Size of every regular file by path. Kept up to date by our own writes and deletes, and rescanned
   * when older than USAGE_TTL_MS so that files changed from outside are counted too.
   */
  async function scan(realRootDir: string): Promise<NonNullable<typeof usageCache>> {
    if (usageCache && Date.now() - usageCache.at < USAGE_TTL_MS) return usageCache;
    const folders: string[] = [];
    const files = (await walkFiles(realRootDir, dir, folders)).filter((f) => !f.link);
    usageCache = { at: Date.now(), sizes: new Map(files.map((f) => [f.path, f.size])), folders: new Set(folders) };
    return usageCache;
  }

  async function sizes(realRootDir: string): Promise<Map<string, number>> {
    return (await scan(realRootDir)).sizes;
  }

  async function currentUsage(realRootDir: string): Promise<Usage> {
    let bytes = 0;
    const { sizes: all, folders } = await scan(realRootDir);
    for (const size of all.values()) bytes += size;
    return { files: all.size, bytes, folders: folders.size };
  }

  /** The parent folders of a file that do not exist yet, shallowest first, relative to the root. */
  async function missingParents(target: Resolved): Promise<string[]> {
    const missing: string[] = [];
    for (let depth = target.segments.length - 1; depth > 0; depth--) {
      const rel = target.segments.slice(0, depth).join('/');
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
  async function removeFolders(created: string[]): Promise<void> {
    for (const rel of [...created].reverse()) {
      if (
        !(await rmdir(join(dir, rel)).then(
          () => true,
          () => false,
        ))
      )
        return;
      usageCache?.folders.delete(rel);
    }
  }

  async function read(path: unknown): Promise<string>;
  async function read(path: unknown, binary: true): Promise<Buffer>;
  async function read(path: unknown, binary = false): Promise<string | Buffer> {
    const target = await checked(path);
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
      if (code === 'ENOENT' || code === 'ENOTDIR') throw await notFound(target);
      if (code === 'EISDIR')
        throw new VfsError(
          'EISDIR',
          target.virtual,
          `${target.virtual} is a folder; give the path of a file inside it (listFiles(${JSON.stringify(target.virtual)}) shows them).`,
        );
      throw fromHostError(error, target.virtual);
    }
  }

  async function write(path: unknown, content: unknown, mode: 'replace' | 'append', what = 'content'): Promise<void> {
    if (typeof content !== 'string' && !(content instanceof Uint8Array && mode === 'replace')) {
      const hint = mode === 'replace' && what === 'content' ? ' Use writeJSON to store other values as JSON.' : '';
      throw new VfsError(
        'EINVAL',
        typeof path === 'string' ? path : '',
        `The ${what} must be a string, got ${describeType(content)}.${hint}`,
      );
    }
    const target = await checked(path);
    if (target.segments.length === 0)
      throw new VfsError('EISDIR', target.virtual, '/workspace is a folder; give the path of a file inside it.');
    const skill =
      mode === 'replace' && typeof content === 'string' ? skillNameOf(target.segments.join('/')) : undefined;
    if (skill !== undefined) {
      await saveSkill(skill, content as string);
      return;
    }
    return exclusive(() => writeLocked(target, content as string | Uint8Array, mode));
  }

  /** Writes one file; the caller holds the lock. A failed write removes the folders it made. */
  async function writeLocked(
    target: Resolved & { realRoot: string },
    content: string | Uint8Array,
    mode: 'replace' | 'append',
  ): Promise<void> {
    const old = await sizeOf(target);
    // Appending to a file that has content adds to its end in place (under the lock), not a rewrite.
    const inPlace = mode === 'append' && old !== undefined && old > 0;
    const data: string | Uint8Array = content;
    const added = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
    const bytes = inPlace ? old + added : added;
    const rel = target.segments.join('/');
    // A symbolic link being replaced is a new file as far as quotas go.
    const counted = (await sizes(target.realRoot)).has(rel) ? old : undefined;
    const created = await missingParents(target);
    checkQuota(target.virtual, limits, await currentUsage(target.realRoot), bytes, counted, created.length);
    try {
      await mkdir(dirname(target.abs), { recursive: true });
    } catch (error) {
      await removeFolders(created);
      const code = errnoCode(error);
      if (code === 'EEXIST' || code === 'ENOTDIR') throw parentIsFile(target);
      throw fromHostError(error, target.virtual);
    }
    for (const folder of created) usageCache?.folders.add(folder);
    try {
      await (inPlace ? appendFile(target.abs, data) : atomicWrite(target.abs, data));
    } catch (error) {
      await removeFolders(created);
      throw fromHostError(error, target.virtual);
    }
    usageCache?.sizes.set(rel, bytes);
  }

  async function saveSkill(name: unknown, source: unknown, options: SaveSkillOptions = {}): Promise<SavedSkill> {
    assertSkillName(name);
    if (typeof source !== 'string') {
      throw new VfsError(
        'EINVAL',
        name,
        `saveSkill(name, source) needs source to be a string of TypeScript, got ${describeType(source)}.`,
      );
    }
    const text = withDescription(source, options?.description);
    const target = await checked(`${SKILLS_DIR}/${name}.ts`);
    // Before the lock: bundling reads other skills and servers, and may take a while.
    if (checkSkill) {
      try {
        await checkSkill(text, `/${SKILLS_DIR}/${name}.ts`);
      } catch (error) {
        throw new VfsError(
          'EINVAL',
          target.virtual,
          `The skill ${JSON.stringify(name)} was not saved (nothing was written): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return exclusive(async () => {
      const old = await readFile(target.abs, 'utf8').catch(() => undefined);
      if (old === text) return { path: target.virtual, changed: false };
      let previous: string | undefined;
      if (old !== undefined) {
        const folder = `${SKILLS_DIR}/${HISTORY_DIR}/${name}`;
        const kept = await readdir(join(dir, folder)).catch(() => [] as string[]);
        const last = Math.max(0, ...kept.map((f) => Number(/^(\d+)\.ts$/.exec(f)?.[1] ?? 0)));
        const history = await checked(`${folder}/${last + 1}.ts`);
        await writeLocked(history, old, 'replace');
        previous = history.virtual;
      }
      await writeLocked(target, text, 'replace');
      return { path: target.virtual, changed: true, ...(previous ? { previous } : {}) };
    });
  }

  async function listSkills(): Promise<SkillInfo[]> {
    const folder = join(dir, SKILLS_DIR);
    const names = await readdir(folder, { withFileTypes: true }).catch(() => []);
    const skills = await Promise.all(
      names
        .filter((entry) => entry.isFile() && skillNameOf(`${SKILLS_DIR}/${entry.name}`) !== undefined)
        .map(async (entry) => {
          const name = skillNameOf(`${SKILLS_DIR}/${entry.name}`)!;
          const source = await read(`${SKILLS_DIR}/${entry.name}`).catch(() => undefined);
          return source === undefined ? undefined : skillInfo(name, source, Buffer.byteLength(source));
        }),
    );
    return skills.filter((s): s is SkillInfo => s !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async function listInfo(path: unknown = '/workspace'): Promise<WorkspaceFile[]> {
    const target = await checked(path ?? '/workspace', 'folder');
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
      if (code === 'ENOENT' || code === 'ENOTDIR') throw await notFound(target);
      throw fromHostError(error, target.virtual);
    }
    const prefix = target.segments.length > 0 ? `${target.segments.join('/')}/` : '';
    const files = await walkFiles(target.realRoot, target.abs).catch((error: unknown) => {
      throw fromHostError(error, target.virtual);
    });
    return files.map((f) => ({ path: prefix + f.path, size: f.size }));
  }

  async function removeEmptyParents(target: Resolved): Promise<void> {
    for (let depth = target.segments.length - 1; depth > 0; depth--) {
      const folder = join(dir, ...target.segments.slice(0, depth));
      const left = await readdir(folder).catch(() => undefined);
      if (left === undefined || left.length > 0) return;
      await rmdir(folder).catch(() => undefined);
      usageCache?.folders.delete(target.segments.slice(0, depth).join('/'));
    }
  }

  const workspace: Workspace = {
    dir,
    limits,
    readFile: (path) => read(path),
    readBytes: async (path) => new Uint8Array(await read(path, true)),
    async writeBytes(path, data) {
      if (!(data instanceof Uint8Array))
        throw new VfsError(
          'EINVAL',
          typeof path === 'string' ? path : '',
          `The data must be a Uint8Array, got ${describeType(data)}. Use writeFile for text.`,
        );
      return write(path, data, 'replace', 'data');
    },
    writeFile: (path, content) => write(path, content, 'replace'),
    appendFile: (path, content) => write(path, content, 'append'),
    listFileInfo: listInfo,
    async listFiles(path) {
      return (await listInfo(path)).map((f) => f.path);
    },
    async deleteFile(path) {
      const target = await checked(path);
      if (target.segments.length === 0)
        throw new VfsError('EISDIR', target.virtual, 'deleteFile deletes files; /workspace itself cannot be deleted.');
      return exclusive(async () => {
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
          usageCache?.sizes.delete(target.segments.join('/'));
        } catch (error) {
          const code = errnoCode(error);
          if (code === 'ENOENT' || code === 'ENOTDIR') return false;
          throw fromHostError(error, target.virtual);
        }
        await removeEmptyParents(target);
        return true;
      });
    },
    async exists(path) {
      const target = await checked(path);
      try {
        await lstat(target.abs);
        return true;
      } catch (error) {
        const code = errnoCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        throw fromHostError(error, target.virtual);
      }
    },
    async readJSON<T = unknown>(path: string): Promise<T> {
      const text = await read(path);
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        const virtual = resolve(path).virtual;
        throw new VfsError(
          'EINVAL',
          virtual,
          `${virtual} is not valid JSON (${error instanceof Error ? error.message : String(error)}); read it with readFile instead.`,
        );
      }
    },
    async writeJSON(path, value) {
      let text: string | undefined;
      try {
        text = JSON.stringify(value, null, 2);
      } catch (error) {
        throw new VfsError(
          'EINVAL',
          typeof path === 'string' ? path : '',
          `The value cannot be written as JSON (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
      if (text === undefined)
        throw new VfsError(
          'EINVAL',
          typeof path === 'string' ? path : '',
          `The value cannot be written as JSON: it is ${describeType(value)}.`,
        );
      return write(path, `${text}\n`, 'replace');
    },
    saveSkill: (name, source, saveOptions) => saveSkill(name, source, saveOptions),
    listSkills,
    async usage() {
      return { ...(await currentUsage(await root())), limits: { ...limits } };
    },
    handleHostCall: (op, args) => handleHostCall(workspace, op, args),
  };
  return workspace;
}
