// Path rules of /workspace: every form an agent types becomes one host path inside the folder, or a clear error.
import { join } from 'node:path';
import { childNames, TEMP_PREFIX } from './disk.js';
import { VfsError } from './errors.js';
import { describeType, joinVirtual, splitVirtualPath } from './paths.js';
import { whatExists } from './suggest.js';

// What common file systems (ext4, APFS, NTFS in UTF-16 units) allow, less room for our temp suffix.
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4_000;

/** A path of the workspace, checked by resolveWorkspacePath. */
export interface WorkspacePath {
  /** `/workspace/...` */
  virtual: string;
  /** Below the workspace root. */
  segments: string[];
  /** On the host, lexically inside the folder (links are checked separately, against the real root). */
  abs: string;
}

/** `notes.txt`, `/workspace/notes.txt`, `workspace/notes.txt` and `./workspace/notes.txt` all name `<dir>/notes.txt`. */
export function resolveWorkspacePath(dir: string, path: unknown, what = 'path'): WorkspacePath {
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
  checkNames(dir, inner, joinVirtual(segments));
  return { virtual: joinVirtual(segments), segments: inner, abs: join(dir, ...inner) };
}

/** Names the disk would refuse are refused here, before any folder of the path is created. */
function checkNames(dir: string, inner: string[], virtual: string): void {
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

/** ENOENT that names what exists in the nearest existing folder above the missing path. */
export async function notFound(dir: string, target: WorkspacePath): Promise<VfsError> {
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

export function parentIsFile(target: WorkspacePath): VfsError {
  return new VfsError(
    'ENOTDIR',
    target.virtual,
    `Cannot write ${target.virtual}: one of its parent folders is a file.`,
  );
}
