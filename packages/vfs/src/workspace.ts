// /workspace: a real folder on disk, as a plain typed storage API. Sandboxed code reaches it through
// workspaceHostHandler (workspace-host.ts), which decodes the `@runbyte/fs` calls.
import { resolve as resolveHost } from 'node:path';
import { VfsError } from './errors.js';
import { describeType } from './paths.js';
import { validLimits } from './quota.js';
import { skillNameOf } from './skills.js';
import { defaultWorkspaceDir } from './user-data-dir.js';
import { listSkills, saveSkill } from './workspace-skills.js';
import { WorkspaceStore } from './workspace-store.js';
import type { Workspace, WorkspaceOptions } from './workspace-types.js';

export type { Workspace, WorkspaceFile, WorkspaceOptions, WorkspaceUsage } from './workspace-types.js';

export function createWorkspace(options: WorkspaceOptions = {}): Workspace {
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '')) {
    throw new VfsError(
      'EINVAL',
      '/workspace',
      `The workspace option dir must be a non-empty string, got ${describeType(options.dir)}.`,
    );
  }
  const store = new WorkspaceStore(resolveHost(options.dir ?? defaultWorkspaceDir()), validLimits(options));
  const checkSkill = options.checkSkill;

  async function write(path: unknown, content: unknown, mode: 'replace' | 'append', what = 'content'): Promise<void> {
    if (typeof content !== 'string' && !(content instanceof Uint8Array && mode === 'replace')) {
      const hint = mode === 'replace' && what === 'content' ? ' Use writeJSON to store other values as JSON.' : '';
      throw new VfsError(
        'EINVAL',
        typeof path === 'string' ? path : '',
        `The ${what} must be a string, got ${describeType(content)}.${hint}`,
      );
    }
    const target = await store.checked(path);
    if (target.segments.length === 0)
      throw new VfsError('EISDIR', target.virtual, '/workspace is a folder; give the path of a file inside it.');
    const skill =
      mode === 'replace' && typeof content === 'string' ? skillNameOf(target.segments.join('/')) : undefined;
    if (skill !== undefined) {
      await saveSkill(store, checkSkill, skill, content);
      return;
    }
    return store.exclusive(() => store.writeLocked(target, content, mode));
  }

  return {
    dir: store.dir,
    limits: store.limits,
    readFile: (path) => store.read(path),
    readBytes: async (path) => new Uint8Array(await store.read(path, true)),
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
    listFileInfo: (path) => store.listInfo(path),
    async listFiles(path) {
      return (await store.listInfo(path)).map((f) => f.path);
    },
    deleteFile: (path) => store.delete(path),
    exists: (path) => store.exists(path),
    async readJSON<T = unknown>(path: string): Promise<T> {
      const text = await store.read(path);
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        const virtual = store.resolve(path).virtual;
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
    saveSkill: (name, source, saveOptions) => saveSkill(store, checkSkill, name, source, saveOptions),
    listSkills: () => listSkills(store),
    async usage() {
      return { ...(await store.usage.current(await store.root())), limits: { ...store.limits } };
    },
  };
}
