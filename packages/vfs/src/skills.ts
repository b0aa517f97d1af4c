// Skills: TypeScript modules the agent keeps in /workspace/skills/<name>.ts and imports as './skills/<name>'.
// The description lives in the file itself (a leading /** … */ comment), so it survives restarts and
// copies, and a skill written with plain writeFile has one too.
import { oneLine } from '@runbyte/utils';
import { VfsError } from './errors.js';
import { describeType } from './paths.js';

/** The workspace folder of skills, and the virtual folder that shows them. */
export const SKILLS_DIR = 'skills';
export const SKILLS_PATH = '/skills';
/** Previous versions: skills/.history/<name>/<n>.ts, n counting from 1. */
export const HISTORY_DIR = '.history';

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** A saved skill as listings and search show it. */
export interface SkillInfo {
  name: string;
  /** First line of the leading doc comment; empty when there is none. */
  description: string;
  /** Names the module exports as values (functions, constants, classes). */
  exports: string[];
  size: number;
}

export interface SaveSkillOptions {
  /** One line saying what the skill does; written as the module's leading doc comment. */
  description?: string;
}

export interface SavedSkill {
  /** `/workspace/skills/<name>.ts` */
  path: string;
  /** False when the skill already had exactly this source (nothing was written). */
  changed: boolean;
  /** Where the version it replaced went, e.g. `/workspace/skills/.history/triage/2.ts`. */
  previous?: string;
}

/** Checks a skill's source before it is written (the server bundles it); throws to refuse it. */
export type SkillCheck = (source: string, filename: string) => Promise<void>;

export function assertSkillName(name: unknown): asserts name is string {
  if (typeof name === 'string' && NAME.test(name)) return;
  const shown = typeof name === 'string' ? JSON.stringify(name) : describeType(name);
  const why =
    typeof name === 'string' && /[/\\.]/.test(name)
      ? ' It is a name, not a path: no "/", "\\" or "." (the file is skills/<name>.ts).'
      : '';
  throw new VfsError(
    'EINVAL',
    typeof name === 'string' ? name : '',
    `A skill name is a letter followed by up to 63 letters, digits, "-" or "_" (e.g. "triage" or "summarize-issues"), got ${shown}.${why}`,
  );
}

/** `skills/triage.ts` → `triage`; undefined for anything else (history, nested folders, other files). */
export function skillNameOf(relative: string): string | undefined {
  const match = /^skills\/([^/]+)\.ts$/.exec(relative);
  return match && NAME.test(match[1]!) ? match[1] : undefined;
}

const LEADING_DOC = /^\s*\/\*\*([^]*?)\*\//;

/** The first line of the leading `/** … *\/` comment, or of the first doc comment in the file. */
export function skillDescription(source: string): string {
  const doc = LEADING_DOC.exec(source) ?? /\/\*\*([^]*?)\*\//.exec(source);
  if (!doc) return '';
  const lines = doc[1]!
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('@'));
  return lines.length > 0 ? oneLine(lines[0]!, 160) : '';
}

/** Value exports, found by their declarations (enough for listings and search; the bundler checks the rest). */
export function skillExports(source: string): string[] {
  const names = new Set<string>();
  const declared = /export\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/g;
  for (const match of source.matchAll(declared)) names.add(match[1]!);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const item = part.trim();
      if (item === '' || item.startsWith('type ')) continue;
      names.add(
        item
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
    }
  }
  return [...names];
}

/** The source as saved: a description given to saveSkill becomes (or replaces) the leading doc comment. */
export function withDescription(source: string, description: unknown): string {
  if (description === undefined) return source;
  if (typeof description !== 'string') {
    throw new VfsError('EINVAL', '', `saveSkill's description must be a string, got ${describeType(description)}.`);
  }
  const line = oneLine(description, 300).replace(/\*\//g, '* /');
  if (line === '') return source;
  if (skillDescription(source) === line && LEADING_DOC.test(source)) return source;
  return `/** ${line} */\n${source.replace(/^\s+/, '')}`;
}

export function skillInfo(name: string, source: string, size: number): SkillInfo {
  return { name, description: skillDescription(source), exports: skillExports(source), size };
}

/** The import line an agent writes for a skill. */
export function importLine(info: Pick<SkillInfo, 'name' | 'exports'>): string {
  const names = info.exports.filter((n) => n !== 'default');
  return names.length > 0
    ? `import { ${names.join(', ')} } from './skills/${info.name}'`
    : `import * as ${camel(info.name)} from './skills/${info.name}'`;
}

function camel(name: string): string {
  return name.replace(/[-_]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}
