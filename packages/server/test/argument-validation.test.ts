// A wrong argument is refused in the guest before the downstream server is called, through the whole
// pipeline (codegen's runtime, sandbox, hub validation) against the real memory server.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunbyte, type Runbyte } from '../src/index.js';
import { memoryServer, tempDir, type TempDir } from './helpers.js';

let dir: TempDir;
let runbyte: Runbyte;
let memoryFile: string;

beforeAll(async () => {
  dir = tempDir('validation');
  memoryFile = join(dir.path, 'memory.jsonl');
  runbyte = await createRunbyte({
    mcpServers: { memory: memoryServer(memoryFile) },
    server: { workspaceDir: dir.path },
  });
  await runbyte.ready;
});

afterAll(async () => {
  await runbyte?.close();
  dir?.remove();
});

const graphText = () => (existsSync(memoryFile) ? readFileSync(memoryFile, 'utf8') : '');

describe('argument validation through execute_code', () => {
  it('refuses a misspelt argument with a did-you-mean and the signature, and the server is not called', async () => {
    const outcome = await runbyte.executeCode(`import * as memory from './servers/memory';
export async function exec() {
  try {
    await memory.createEntities({ entites: [{ name: 'a', entityType: 't', observations: [] }] } as any);
    return 'called';
  } catch (e) {
    return String((e as Error).message);
  }
}`);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const message = String(outcome.result);
    expect(message).toMatch(/missing required "entities"/);
    expect(message).toMatch(/did you mean "entities"\?/);
    expect(message).toContain('The server was not called');
    expect(graphText()).toBe('');
  });

  it('lets a correct call through', async () => {
    const outcome = await runbyte.executeCode(`import * as memory from './servers/memory';
export async function exec() {
  await memory.createEntities({ entities: [{ name: 'a', entityType: 't', observations: [] }] });
  return (await memory.readGraph()).entities.length;
}`);
    expect(outcome).toMatchObject({ ok: true, result: 1 });
    expect(graphText()).toContain('"name":"a"');
  });
});
