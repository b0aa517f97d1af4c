// The virtual tree: /servers (generated, in memory) and /workspace (on disk), behind one list/read.
import { RUNTIME_FILE, runtimeModuleSource } from '@runbyte/codegen';
import { VfsError } from './errors.js';
import { readForDisplay } from './binary.js';
import { createImportHelp } from './import-help.js';
import { rootListing, serverListing, serversListing, skillNote, skillsListing, workspaceListing } from './listing.js';
import { joinVirtual, splitVirtualPath } from './paths.js';
import { SearchCache } from './search-listing.js';
import { importLine, skillExports, skillNameOf, SKILLS_DIR, SKILLS_PATH, type SkillInfo } from './skills.js';
import { searchSkills } from './skills-search.js';
import { needsOf } from './search.js';
import { whatExists } from './suggest.js';
import { ServerTree, type ServerView, type Snapshot } from './tree.js';
import type { DirEntry, Listing, ListOptions, ModuleSource, Vfs, VfsOptions } from './types.js';
import { WORKSPACE_MODULE, workspaceModuleSource } from './workspace-module.js';
import { createWorkspace, type Workspace } from './workspace.js';

type Node =
  | { kind: 'root' }
  | { kind: 'servers' }
  | { kind: 'rootIndex' }
  | { kind: 'runtime' }
  | { kind: 'server'; view: ServerView }
  | { kind: 'serverFile'; view: ServerView; file: string }
  | { kind: 'skills' }
  | { kind: 'skill'; name: string }
  | { kind: 'workspace'; path: string };

const ROOT_NAMES = ['servers/', 'skills/', 'workspace/'];

function isWorkspace(value: unknown): value is Workspace {
  return typeof value === 'object' && value !== null && typeof (value as Workspace).writeFile === 'function';
}

/** `createIssue` and `createIssue.js` find `createIssue.ts` when `lenient` (for agents; the bundler asks exactly). */
function matchFile(names: readonly string[], segment: string, lenient: boolean): string | undefined {
  if (names.includes(segment)) return segment;
  if (!lenient) return undefined;
  const candidate = segment.endsWith('.js') ? `${segment.slice(0, -3)}.ts` : `${segment}.ts`;
  return names.includes(candidate) ? candidate : undefined;
}

export function createVfs(options: VfsOptions): Vfs {
  if (typeof options?.catalog?.servers !== 'function') {
    throw new VfsError('EINVAL', '/servers', 'createVfs needs a catalog with a servers() method (a hub satisfies it).');
  }
  const workspace = isWorkspace(options.workspace) ? options.workspace : createWorkspace(options.workspace ?? {});
  const tree = new ServerTree(options.catalog, options.logger);
  const search = new SearchCache(tree);

  function notFound(segments: string[], depth: number, names: readonly string[]): VfsError {
    const path = joinVirtual(segments);
    const missing = joinVirtual(segments.slice(0, depth + 1));
    const where = missing === path ? path : `${missing} (in ${path})`;
    return new VfsError(
      'ENOENT',
      path,
      `${where} does not exist. ${whatExists(segments[depth]!, joinVirtual(segments.slice(0, depth)), names)}`,
    );
  }

  function notDir(segments: string[], depth: number): VfsError {
    const file = joinVirtual(segments.slice(0, depth));
    return new VfsError('ENOTDIR', joinVirtual(segments), `${file} is a file, not a folder.`);
  }

  function locate(segments: string[], snapshot: Snapshot, lenient: boolean): Node {
    const [top, name, file] = segments;
    if (top === undefined) return { kind: 'root' };
    if (top === 'workspace') return { kind: 'workspace', path: joinVirtual(segments) };
    if (top === SKILLS_DIR) {
      if (name === undefined) return { kind: 'skills' };
      const fileName = lenient && !name.endsWith('.ts') ? `${name.replace(/\.js$/, '')}.ts` : name;
      const skill = skillNameOf(`${SKILLS_DIR}/${fileName}`);
      if (skill === undefined || segments.length > 2) {
        throw new VfsError(
          'ENOENT',
          joinVirtual(segments),
          `${joinVirtual(segments)} is not a skill: skills are ${SKILLS_PATH}/<name>.ts (list ${SKILLS_PATH} to see them).`,
        );
      }
      return { kind: 'skill', name: skill };
    }
    if (top !== 'servers') throw notFound(segments, 0, ROOT_NAMES);
    if (name === undefined) return { kind: 'servers' };
    const view = snapshot.byName.get(name);
    // A server may be called `index` or `_runtime`; its folder wins over the lenient file match.
    const rootFile =
      name === 'index.ts' || name === RUNTIME_FILE
        ? name
        : view
          ? undefined
          : matchFile(['index.ts', RUNTIME_FILE], name, lenient);
    if (rootFile !== undefined) {
      if (segments.length > 2) throw notDir(segments, 2);
      return { kind: rootFile === 'index.ts' ? 'rootIndex' : 'runtime' };
    }
    if (!view) {
      throw notFound(segments, 1, ['index.ts', RUNTIME_FILE, ...snapshot.servers.map((s) => `${s.state.name}/`)]);
    }
    if (file === undefined) return { kind: 'server', view };
    const names = ['index.ts', ...tree.plan(view).tools.map((t) => t.fileName)];
    const found = matchFile(names, file, lenient);
    if (found === undefined) throw notFound(segments, 2, names);
    if (segments.length > 3) throw notDir(segments, 3);
    return { kind: 'serverFile', view, file: found };
  }

  /** `view`: what a model reads (declarations); else the module the bundler runs. */
  async function readNode(node: Node, path: string, view = false): Promise<string> {
    switch (node.kind) {
      case 'rootIndex':
        return tree.snapshot().rootIndex;
      case 'runtime':
        return runtimeModuleSource();
      case 'serverFile': {
        const generated = await tree.generated(node.view);
        const source = (view ? generated.views : generated.files)[node.file];
        if (source === undefined) {
          // The plan and the generation come from the same tools, so this means the tools changed under us.
          throw new VfsError(
            'ENOENT',
            path,
            `${path} does not exist any more: the server's tools just changed. List /servers/${node.view.state.name} again.`,
          );
        }
        return source;
      }
      case 'workspace':
        return readForDisplay(workspace, node.path);
      case 'skill': {
        const source = await readSkill(node.name, path);
        if (!view) return source;
        return `// ${importLine({ name: node.name, exports: skillExports(source) })}  (a saved skill; change it with saveSkill)\n${source}`;
      }
      default: {
        const folder =
          node.kind === 'root'
            ? '/'
            : node.kind === 'servers'
              ? '/servers'
              : node.kind === 'skills'
                ? SKILLS_PATH
                : `/servers/${node.view.state.name}`;
        const hint = node.kind === 'server' ? ` (${folder}/index.ts has the signatures of all of its functions)` : '';
        throw new VfsError('EISDIR', folder, `${folder} is a folder; list it to see its files${hint}.`);
      }
    }
  }

  async function workspaceUsage(): Promise<{ files: number; bytes: number } | undefined> {
    try {
      return await workspace.usage();
    } catch {
      return undefined;
    }
  }

  async function readSkill(name: string, path: string): Promise<string> {
    try {
      return await workspace.readFile(`${SKILLS_DIR}/${name}.ts`);
    } catch (error) {
      if (!(error instanceof VfsError) || error.code !== 'ENOENT') throw error;
      const names = (await workspace.listSkills()).map((s) => `${s.name}.ts`);
      throw new VfsError('ENOENT', path, `${path} does not exist. ${whatExists(`${name}.ts`, SKILLS_PATH, names)}`);
    }
  }

  async function skillHits(query: string): Promise<{ lines: string[]; entries: DirEntry[] }> {
    const skills = await workspace.listSkills().catch(() => [] as SkillInfo[]);
    const lines: string[] = [];
    const entries: DirEntry[] = [];
    const seen = new Set<string>();
    for (const need of needsOf(query)) {
      for (const skill of searchSkills(skills, need)) {
        if (seen.has(skill.name)) continue;
        seen.add(skill.name);
        lines.push(`${SKILLS_PATH}/${skill.name}.ts — ${skillNote(skill)}`);
        entries.push({ name: `${SKILLS_PATH}/${skill.name}.ts`, type: 'file', description: skillNote(skill) });
      }
    }
    return { lines, entries };
  }

  const modules: ModuleSource = {
    async read(path) {
      if (typeof path !== 'string') return undefined;
      if (path.startsWith(`${SKILLS_PATH}/`)) {
        const name = skillNameOf(path.slice(1));
        return name === undefined ? undefined : workspace.readFile(`${SKILLS_DIR}/${name}.ts`).catch(() => undefined);
      }
      if (!path.startsWith('/servers/')) return undefined;
      try {
        const segments = splitVirtualPath(path);
        const node = locate(segments, tree.snapshot(), false);
        if (node.kind !== 'rootIndex' && node.kind !== 'runtime' && node.kind !== 'serverFile') return undefined;
        return await readNode(node, joinVirtual(segments));
      } catch (error) {
        if (error instanceof VfsError) return undefined;
        throw error;
      }
    },
  };

  return {
    workspace,
    modules,
    importHelp: createImportHelp(tree),
    invalidate: (server) => tree.invalidate(server),

    async read(path) {
      if (path === WORKSPACE_MODULE) return workspaceModuleSource();
      const segments = splitVirtualPath(path);
      const normalised = joinVirtual(segments);
      return readNode(locate(segments, tree.snapshot(), true), normalised, true);
    },

    async list(path = '/', listOptions: ListOptions = {}): Promise<Listing> {
      const withDescriptions = listOptions.withDescriptions === true;
      const segments = splitVirtualPath(path);
      const snapshot = tree.snapshot();
      const node = locate(segments, snapshot, true);
      const query = typeof listOptions.query === 'string' ? listOptions.query : undefined;
      if (query !== undefined && query.trim() !== '') {
        if (node.kind === 'skills') {
          const hits = await skillHits(query);
          const text =
            hits.lines.length > 0
              ? hits.lines.join('\n')
              : `No skill in ${SKILLS_PATH} matches ${JSON.stringify(query)}; list ${SKILLS_PATH} to see them all.`;
          return { path: SKILLS_PATH, entries: hits.entries, text };
        }
        if (node.kind === 'root') {
          const found = search.listing('/servers', snapshot.servers, query);
          const skills = await skillHits(query);
          if (skills.lines.length === 0) return found;
          return {
            ...found,
            entries: [...found.entries, ...skills.entries],
            text: `${found.text}\n\nSaved skills:\n${skills.lines.join('\n')}`,
          };
        }
        if (node.kind === 'servers') return search.listing('/servers', snapshot.servers, query);
        if (node.kind === 'server') return search.listing(`/servers/${node.view.state.name}`, [node.view], query);
        throw new VfsError(
          'EINVAL',
          joinVirtual(segments),
          `query searches functions: give a path of /, /servers, /servers/<server> or ${SKILLS_PATH}.`,
        );
      }
      switch (node.kind) {
        case 'root': {
          const functions = snapshot.servers.reduce((n, view) => n + tree.plan(view).tools.length, 0);
          const skills = await workspace.listSkills().catch(() => []);
          return rootListing(snapshot.servers.length, functions, await workspaceUsage(), skills.length);
        }
        case 'skills':
          return skillsListing(await workspace.listSkills());
        case 'servers':
          return serversListing(
            snapshot,
            snapshot.servers.map((view) => tree.plan(view)),
            withDescriptions,
          );
        case 'server':
          return serverListing(node.view, tree.plan(node.view), withDescriptions);
        case 'workspace': {
          const files = await workspace.listFileInfo(node.path);
          const prefix = node.path === '/workspace' ? '' : `${node.path.slice('/workspace/'.length)}/`;
          const usage = node.path === '/workspace' ? await workspace.usage() : { files: files.length, bytes: 0 };
          return workspaceListing(node.path, files, prefix, usage, workspace.limits.maxTotalBytes);
        }
        default: {
          const file = joinVirtual(segments);
          throw new VfsError('ENOTDIR', file, `${file} is a file, not a folder; read it instead.`);
        }
      }
    },
  };
}
