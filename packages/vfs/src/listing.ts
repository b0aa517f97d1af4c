// Listings: the same data as structured entries and as a tree a model reads at a glance.
import { RUNTIME_FILE, type ServerPlan } from '@runbyte/codegen';
import { formatBytes, oneLine, plural, rowsText, withinBudget } from './format.js';
import type { ServerView, Snapshot } from './tree.js';
import type { DirEntry, Listing } from './types.js';
import { WORKSPACE_MODULE } from './workspace-module.js';
import { importLine, SKILLS_PATH, type SkillInfo } from './skills.js';
import type { WorkspaceFile } from './workspace.js';

export const ROOT_INDEX_NOTE = 'every server as a namespace';
export const RUNTIME_NOTE = 'host bridge, result unwrapping, ToolError';
const SERVER_INDEX_NOTE = 'every function with its types';

const SEARCH_HINT = 'use list_directory with a query (e.g. "create issue") to find functions by what they do';

function listing(path: string, header: string, entries: DirEntry[], extra: string[] = [], what = 'entries'): Listing {
  const rows = entries.map((e) => ({ name: e.type === 'directory' ? `${e.name}/` : e.name, note: e.description }));
  const text = withinBudget(
    [header, ...extra],
    rowsText(rows),
    (left) =>
      `… and ${left} more ${what}; ${path.startsWith('/servers') ? SEARCH_HINT : `list a subfolder of ${path}`}.`,
  );
  return { path, entries, text };
}

/** "26 functions", or the status and reason of a server that is not ready. */
export function serverNote(view: ServerView, plan: ServerPlan): string {
  const count = plural(plan.tools.length, 'function');
  const { status, error } = view.state;
  if (status === 'ready') return count;
  const reason = error ? `: ${oneLine(error)}` : '';
  if (status === 'connecting') return `connecting${reason} (${count} so far)`;
  return `${status}${reason} (${count})`;
}

export function rootListing(
  servers: number,
  functions: number,
  workspace: { files: number; bytes: number } | undefined,
  skills: number,
): Listing {
  const usage = workspace ? ` (${plural(workspace.files, 'file')}, ${formatBytes(workspace.bytes)})` : '';
  const entries: DirEntry[] = [
    {
      name: 'servers',
      type: 'directory',
      description: `TypeScript functions of ${plural(servers, 'MCP server')} (${plural(functions, 'function')})`,
    },
    {
      name: 'skills',
      type: 'directory',
      description: `${plural(skills, 'saved skill')}: your reusable modules, import { fn } from './skills/<name>'; save one with saveSkill from '${WORKSPACE_MODULE}'`,
    },
    {
      name: 'workspace',
      type: 'directory',
      description: `your files, kept across executions${usage}; use them from code with '${WORKSPACE_MODULE}'`,
    },
  ];
  return listing('/', '/', entries);
}

/** One skill's note: its description and how to import it. */
export function skillNote(skill: SkillInfo): string {
  const description = skill.description ? `${oneLine(skill.description, 120)} — ` : '';
  return `${description}${importLine(skill)}`;
}

export function skillsListing(skills: SkillInfo[]): Listing {
  const entries: DirEntry[] = skills.map((s) => ({ name: `${s.name}.ts`, type: 'file', description: skillNote(s) }));
  const header = `${SKILLS_PATH}  ${plural(skills.length, 'skill')}, saved with saveSkill(name, source, { description }) from '${WORKSPACE_MODULE}' (files in /workspace/skills, old versions in /workspace/skills/.history).`;
  if (entries.length === 0) return { path: SKILLS_PATH, entries, text: `${header}\n(none yet)` };
  return listing(SKILLS_PATH, header, entries, [], 'skills');
}

export function serversListing(snapshot: Snapshot, plans: ServerPlan[], withDescriptions: boolean): Listing {
  const functions = plans.reduce((n, p) => n + p.tools.length, 0);
  const entries: DirEntry[] = [
    { name: 'index.ts', type: 'file', description: ROOT_INDEX_NOTE },
    { name: RUNTIME_FILE, type: 'file', description: RUNTIME_NOTE },
    ...snapshot.servers.map((view, i): DirEntry => ({
      name: view.state.name,
      type: 'directory',
      description: serverNote(view, plans[i]!),
    })),
  ];
  const header = `/servers  ${plural(snapshot.servers.length, 'server')}, ${plural(functions, 'function')}. Search with list_directory query, or read /servers/<server>/index.ts for a server's signatures.`;
  const extra = snapshot.leftOut.map((s) => `(server ${JSON.stringify(s.name)} is not shown: ${s.reason})`);
  if (!withDescriptions) return listing('/servers', header, entries, extra, 'servers');

  // With descriptions, each server folder shows its functions and their summaries, one level deeper.
  const rows = entries.map((e) => ({ name: e.type === 'directory' ? `${e.name}/` : e.name, note: e.description }));
  const lines: string[] = [];
  rowsText(rows).forEach((line, i) => {
    lines.push(line);
    const plan = i >= 2 ? plans[i - 2] : undefined;
    if (!plan) return;
    lines.push(
      ...rowsText(
        plan.tools.map((t) => ({ name: t.fileName, note: t.summary || undefined })),
        '  ',
      ),
    );
  });
  const text = withinBudget([header, ...extra], lines, (left) => `… and ${left} more lines; ${SEARCH_HINT}.`);
  return { path: '/servers', entries, text };
}

export function serverListing(view: ServerView, plan: ServerPlan, withDescriptions: boolean): Listing {
  const path = `/servers/${view.state.name}`;
  const entries: DirEntry[] = [
    { name: 'index.ts', type: 'file', description: SERVER_INDEX_NOTE },
    ...plan.tools.map((t): DirEntry =>
      withDescriptions && t.summary
        ? { name: t.fileName, type: 'file', description: t.summary }
        : { name: t.fileName, type: 'file' },
    ),
  ];
  const importLine = `import * as ${view.identifier} from ${JSON.stringify(`./servers/${view.state.name}`)}`;
  const { status, error } = view.state;
  const extra: string[] = [];
  let header: string;
  if (status === 'ready') {
    header = `${path}  ${plural(plan.tools.length, 'function')} of MCP server ${JSON.stringify(view.state.name)}; ${importLine}`;
  } else {
    header = `${path}  ${status}${error ? `: ${oneLine(error, 500)}` : ''}`;
    if (status === 'connecting') extra.push('Its functions appear here once it has connected.');
    else if (status === 'unavailable')
      extra.push(
        `Runbyte keeps retrying in the background; ${plan.tools.length > 0 ? 'calls to these functions fail until it is back.' : 'its functions appear here once it connects.'}`,
      );
    else if (status === 'needs-login')
      extra.push('It needs an OAuth login first; Runbyte picks the login up without a restart.');
    else extra.push('It has been shut down; calls to its functions fail.');
  }
  return listing(path, header, entries, extra, 'functions');
}

export function workspaceListing(
  path: string,
  files: WorkspaceFile[],
  prefix: string,
  usage: { files: number; bytes: number },
  maxTotalBytes: number,
): Listing {
  const entries: DirEntry[] = files.map((f) => ({
    name: f.path.slice(prefix.length),
    type: 'file',
    description: formatBytes(f.size),
  }));
  const api = `From code: import { readFile, writeFile, listFiles } from '${WORKSPACE_MODULE}' (read "${WORKSPACE_MODULE}" for the whole API).`;
  if (path === '/workspace') {
    const header = `/workspace  ${plural(usage.files, 'file')}, ${formatBytes(usage.bytes)} of ${formatBytes(maxTotalBytes)}, kept across executions. ${api}`;
    if (entries.length === 0) return { path, entries, text: `${header}\n(empty)` };
    return listing(path, header, entries);
  }
  const header = `${path}  ${plural(entries.length, 'file')} (every file below, recursively)`;
  if (entries.length === 0) return { path, entries, text: `${header}\n(empty)` };
  return listing(path, header, entries);
}
