// Results over the budget: the complete value goes to /workspace/results/<id>.json, oldest removed first.
import { randomBytes } from 'node:crypto';
import type { Workspace } from '@runbyte/vfs';
import type { SavedResult } from './execute.js';

export const DEFAULT_RESULTS_MAX_BYTES = 256 * 1024 * 1024;
export const RESULTS_DIR = 'results';

/** `runbyte://workspace/<path relative to /workspace>` */
export function workspaceUri(relative: string): string {
  return `runbyte://workspace/${relative.split('/').map(encodeURIComponent).join('/')}`;
}

/** Ids sort by time, so the oldest result is the first name. */
let sequence = 0;
function newId(): string {
  // The counter orders results saved within one millisecond by this process.
  sequence = (sequence + 1) % 1_679_616;
  return `${Date.now().toString(36).padStart(9, '0')}-${sequence.toString(36).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
}

export async function saveResult(workspace: Workspace, json: string, maxBytes: number): Promise<SavedResult> {
  const relative = `${RESULTS_DIR}/${newId()}.json`;
  // Indented, so read_file can page through it by lines.
  await workspace.writeJSON(relative, JSON.parse(json));
  await pruneResults(workspace, maxBytes);
  const bytes = (await workspace.listFileInfo(RESULTS_DIR)).find((f) => f.path === relative)?.size ?? json.length;
  return { path: `/workspace/${relative}`, uri: workspaceUri(relative), bytes };
}

async function pruneResults(workspace: Workspace, maxBytes: number): Promise<void> {
  const files = (await workspace.listFileInfo(RESULTS_DIR)).sort((a, b) => (a.path < b.path ? -1 : 1));
  let total = files.reduce((sum, f) => sum + f.size, 0);
  // The newest (last) result is kept even when it alone is over the total.
  for (const file of files.slice(0, -1)) {
    if (total <= maxBytes) return;
    await workspace.deleteFile(file.path);
    total -= file.size;
  }
}
