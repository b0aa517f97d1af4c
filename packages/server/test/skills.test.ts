import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createRunbyte, type Runbyte, type RunbyteConfig } from '../src/index.js';
import { connectInMemory, memoryServer, tempDir, textOf, type TempDir } from './helpers.js';

type Result = CallToolResult & { structuredContent: Record<string, any> };

let dir: TempDir;
let workspaceDir: string;
let config: RunbyteConfig;
let runbyte: Runbyte;
let client: Client;

beforeAll(async () => {
  dir = tempDir('skills');
  workspaceDir = join(dir.path, 'ws');
  config = {
    mcpServers: { memory: memoryServer(join(dir.path, 'memory.jsonl')) },
    server: { timeout: 20, workspaceDir },
  };
  runbyte = await createRunbyte(config);
  client = await connectInMemory(runbyte);
});

afterAll(async () => {
  await client?.close();
  await runbyte?.close();
  dir?.remove();
});

async function call(c: Client, name: string, args: Record<string, unknown>): Promise<Result> {
  return (await c.callTool({ name, arguments: args })) as Result;
}

const execute = (code: string, c: Client = client) => call(c, 'execute_code', { code });

/** Saves a skill from inside an execution, as an agent does, and returns what saveSkill resolved to. */
async function save(name: string, source: string, description?: string): Promise<Result> {
  const options = description === undefined ? '' : `, { description: ${JSON.stringify(description)} }`;
  return execute(`import { saveSkill } from '@runbyte/fs';
export async function exec() {
  return saveSkill(${JSON.stringify(name)}, ${JSON.stringify(source)}${options});
}`);
}

const NOTES_SKILL = `import * as memory from './servers/memory';
import { appendFile } from '@runbyte/fs';

/** Records a person in the knowledge graph and logs it; resolves to how many people are known. */
export async function rememberPerson(name: string, fact: string): Promise<number> {
  await memory.createEntities({ entities: [{ name, entityType: 'person', observations: [fact] }] });
  await appendFile('people.log', name + '\\n');
  const graph = await memory.readGraph();
  return graph.entities.filter((e) => e.entityType === 'person').length;
}
`;

const GREETING_SKILL = `import { rememberPerson } from './people-notes';
import * as again from './skills/people-notes';

export async function welcome(name: string): Promise<string> {
  const known = await rememberPerson(name, 'was welcomed');
  return 'Welcome ' + name + ' (' + known + ' known, same module: ' + (again.rememberPerson === rememberPerson) + ')';
}
`;

describe('saving and importing skills', () => {
  it('saves a skill in one execution and imports it in the next, where it calls a real server', async () => {
    const saved = await save('people-notes', NOTES_SKILL, 'Remember people in the memory graph');
    expect(saved.isError, textOf(saved)).toBeFalsy();
    expect(saved.structuredContent.result).toEqual({ path: '/workspace/skills/people-notes.ts', changed: true });
    const onDisk = readFileSync(join(workspaceDir, 'skills', 'people-notes.ts'), 'utf8');
    expect(onDisk.startsWith('/** Remember people in the memory graph */\n')).toBe(true);

    const used = await execute(`import { rememberPerson } from './skills/people-notes';
export async function exec() {
  return rememberPerson('Ada', 'wrote the first program');
}`);
    expect(used.isError, textOf(used)).toBeFalsy();
    expect(used.structuredContent.result).toBe(1);
    expect(readFileSync(join(workspaceDir, 'people.log'), 'utf8')).toBe('Ada\n');
  });

  it('lets a skill import another skill as ./<name> and as ./skills/<name>, one module for both', async () => {
    const saved = await save('greeting', GREETING_SKILL);
    expect(saved.isError, textOf(saved)).toBeFalsy();
    const used = await execute(`import { welcome } from './skills/greeting';
export async function exec() { return welcome('Grace'); }`);
    expect(used.isError, textOf(used)).toBeFalsy();
    expect(used.structuredContent.result).toBe('Welcome Grace (2 known, same module: true)');
  });

  it('imports the skill in a new Runbyte started on the same workspace folder', async () => {
    const other = await createRunbyte(config);
    const otherClient = await connectInMemory(other);
    try {
      const listed = await call(otherClient, 'list_directory', { path: '/skills' });
      expect(textOf(listed)).toContain('people-notes.ts');
      const used = await execute(
        `import { rememberPerson } from './skills/people-notes';
export async function exec() { return rememberPerson('Linus', 'wrote a kernel'); }`,
        otherClient,
      );
      expect(used.isError, textOf(used)).toBeFalsy();
      expect(used.structuredContent.result).toBe(3);
    } finally {
      await otherClient.close();
      await other.close();
    }
  });
});

describe('refusing broken skills', () => {
  it('refuses a skill that imports a function the server does not have, with the bundling error, and writes nothing', async () => {
    const source = `import { createEntitys } from './servers/memory';\nexport const make = () => createEntitys({ entities: [] });\n`;
    const refused = await save('broken', source);
    expect(refused.isError).toBe(true);
    const text = textOf(refused);
    expect(text).toContain('EINVAL: The skill "broken" was not saved (nothing was written): ');
    expect(text).toMatch(
      /Bundling failed \(bundling\) at \/skills\/broken\.ts:1:\d+: "\.\/servers\/memory" has no export "createEntitys"\. Did you mean "createEntities"\?/,
    );
    // The code frame of the skill is part of the message, as in a failed execution.
    expect(text).toContain("> 1 | import { createEntitys } from './servers/memory';");

    // The same code run as agent code fails with the same message.
    const asAgent = await execute(`${source}export async function exec() { return 1; }`);
    const agentMessage = /: ("\.\/servers\/memory" has no export[^\n]*)/.exec(textOf(asAgent))?.[1];
    expect(agentMessage).toBeDefined();
    expect(text).toContain(agentMessage);

    expect(existsSync(join(workspaceDir, 'skills', 'broken.ts'))).toBe(false);
    expect(existsSync(join(workspaceDir, 'skills', '.history', 'broken'))).toBe(false);
  });

  it('type-checks a skill when saved: a misspelt argument is refused with the typecheck error, nothing written', async () => {
    const source = `import * as memory from './servers/memory';\nexport const add = (name: string) =>\n  memory.createEntities({ entitiez: [{ name, entityType: 'person', observations: [] }] });\n`;
    const refused = await save('typo', source);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /The skill "typo" was not saved \(nothing was written\): Type error \(typecheck\) at \/skills\/typo\.ts:3:\d+: .*entitiez/,
    );
    expect(existsSync(join(workspaceDir, 'skills', 'typo.ts'))).toBe(false);
  });

  it('refuses a syntax error, also when the skill is written with writeFile', async () => {
    const result = await execute(`import { writeFile } from '@runbyte/fs';
export async function exec() {
  await writeFile('skills/half.ts', 'export function half(n: number) { return n / ; }');
}`);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /The skill "half" was not saved \(nothing was written\): Bundling failed \(bundling\) at \/skills\/half\.ts:1:\d+/,
    );
    expect(existsSync(join(workspaceDir, 'skills', 'half.ts'))).toBe(false);
  });

  it('refuses a name that is a path, saying what a name looks like', async () => {
    const result = await save('../escape', 'export const x = 1;');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('A skill name is a letter followed by up to 63 letters, digits, "-" or "_"');
    expect(textOf(result)).toContain('It is a name, not a path');
    expect(existsSync(join(workspaceDir, 'escape.ts'))).toBe(false);
  });

  it('does not refuse the skills that were saved before', async () => {
    const used = await execute(`import { welcome } from './skills/greeting';
export async function exec() { return typeof welcome; }`);
    expect(used.structuredContent.result).toBe('function');
  });
});

describe('finding skills', () => {
  it('shows skills/ at the root and lists each skill with its description and import line', async () => {
    const root = await call(client, 'list_directory', { path: '/' });
    expect(root.structuredContent.entries.map((e: { name: string }) => e.name)).toEqual([
      'servers',
      'skills',
      'workspace',
    ]);
    expect(textOf(root)).toMatch(/skills\/ +2 saved skills/);

    const listed = await call(client, 'list_directory', { path: '/skills' });
    expect(listed.structuredContent.entries).toEqual([
      { name: 'greeting.ts', type: 'file', description: "import { welcome } from './skills/greeting'" },
      {
        name: 'people-notes.ts',
        type: 'file',
        description: "Remember people in the memory graph — import { rememberPerson } from './skills/people-notes'",
      },
    ]);
  });

  it('reads a skill at /skills/<name>.ts as its source under a line saying how to import it', async () => {
    const read = await call(client, 'read_file', { path: '/skills/people-notes.ts' });
    expect(read.isError, textOf(read)).toBeFalsy();
    const text = textOf(read);
    expect(text.split('\n')[0]).toBe(
      "// import { rememberPerson } from './skills/people-notes'  (a saved skill; change it with saveSkill)",
    );
    expect(text).toContain('export async function rememberPerson(name: string, fact: string): Promise<number>');

    const missing = await call(client, 'read_file', { path: '/skills/people' });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('/skills/people does not exist');
    expect(textOf(missing)).toContain('people-notes.ts');
  });

  it('finds skills by description and by exported function in a search of / and of /skills', async () => {
    const byDescription = await call(client, 'list_directory', { path: '/', query: 'remember people' });
    expect(textOf(byDescription)).toContain(
      "Saved skills:\n/skills/people-notes.ts — Remember people in the memory graph — import { rememberPerson } from './skills/people-notes'",
    );
    const byExport = await call(client, 'list_directory', { path: '/skills', query: 'welcome' });
    expect(byExport.structuredContent.entries.map((e: { name: string }) => e.name)).toEqual(['/skills/greeting.ts']);
    const none = await call(client, 'list_directory', { path: '/skills', query: 'spreadsheet' });
    expect(textOf(none)).toContain('No skill in /skills matches "spreadsheet"');
  });
});

describe('versions of a skill', () => {
  it('keeps the replaced version in skills/.history/<name>/<n>.ts and none for identical source', async () => {
    const first = await save('counter', 'export const step = 1;\n', 'Counts');
    expect(first.structuredContent.result).toEqual({ path: '/workspace/skills/counter.ts', changed: true });
    const same = await save('counter', 'export const step = 1;\n', 'Counts');
    expect(same.structuredContent.result).toEqual({ path: '/workspace/skills/counter.ts', changed: false });
    const second = await save('counter', 'export const step = 2;\n', 'Counts');
    expect(second.structuredContent.result).toEqual({
      path: '/workspace/skills/counter.ts',
      changed: true,
      previous: '/workspace/skills/.history/counter/1.ts',
    });
    const third = await execute(`import { writeFile } from '@runbyte/fs';
export async function exec() { await writeFile('skills/counter.ts', 'export const step = 3;\\n'); }`);
    expect(third.isError, textOf(third)).toBeFalsy();

    const history = join(workspaceDir, 'skills', '.history', 'counter');
    expect(readFileSync(join(history, '1.ts'), 'utf8')).toBe('/** Counts */\nexport const step = 1;\n');
    expect(readFileSync(join(history, '2.ts'), 'utf8')).toBe('/** Counts */\nexport const step = 2;\n');
    expect(existsSync(join(history, '3.ts'))).toBe(false);

    const used = await execute(`import { step } from './skills/counter';
export async function exec() { return step; }`);
    expect(used.structuredContent.result).toBe(3);
    // History is kept out of /skills and out of imports.
    const listed = await call(client, 'list_directory', { path: '/skills' });
    expect(listed.structuredContent.entries.map((e: { name: string }) => e.name)).toEqual([
      'counter.ts',
      'greeting.ts',
      'people-notes.ts',
    ]);
  });
});
