// Skills in the workspace: `skills/<name>.ts`, checked before they are saved, with the versions they replace kept.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VfsError } from './errors.js';
import { describeType } from './paths.js';
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
import type { WorkspaceStore } from './workspace-store.js';

export async function saveSkill(
  store: WorkspaceStore,
  checkSkill: SkillCheck | undefined,
  name: unknown,
  source: unknown,
  options: SaveSkillOptions = {},
): Promise<SavedSkill> {
  assertSkillName(name);
  if (typeof source !== 'string') {
    throw new VfsError(
      'EINVAL',
      name,
      `saveSkill(name, source) needs source to be a string of TypeScript, got ${describeType(source)}.`,
    );
  }
  const text = withDescription(source, options?.description);
  const target = await store.checked(`${SKILLS_DIR}/${name}.ts`);
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
  return store.exclusive(async () => {
    const old = await readFile(target.abs, 'utf8').catch(() => undefined);
    if (old === text) return { path: target.virtual, changed: false };
    let previous: string | undefined;
    if (old !== undefined) {
      const folder = `${SKILLS_DIR}/${HISTORY_DIR}/${name}`;
      const kept = await readdir(join(store.dir, folder)).catch(() => [] as string[]);
      const last = Math.max(0, ...kept.map((f) => Number(/^(\d+)\.ts$/.exec(f)?.[1] ?? 0)));
      const history = await store.checked(`${folder}/${last + 1}.ts`);
      await store.writeLocked(history, old, 'replace');
      previous = history.virtual;
    }
    await store.writeLocked(target, text, 'replace');
    return { path: target.virtual, changed: true, ...(previous ? { previous } : {}) };
  });
}

export async function listSkills(store: WorkspaceStore): Promise<SkillInfo[]> {
  const folder = join(store.dir, SKILLS_DIR);
  const names = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const skills = await Promise.all(
    names
      .filter((entry) => entry.isFile() && skillNameOf(`${SKILLS_DIR}/${entry.name}`) !== undefined)
      .map(async (entry) => {
        const name = skillNameOf(`${SKILLS_DIR}/${entry.name}`)!;
        const source = await store.read(`${SKILLS_DIR}/${entry.name}`).catch(() => undefined);
        return source === undefined ? undefined : skillInfo(name, source, Buffer.byteLength(source));
      }),
  );
  return skills.filter((s): s is SkillInfo => s !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
}
