// Agent code is type-checked against the generated declarations before it runs, through the MCP
// server with the real memory server and the lab server (whose tools declare no output schema).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createRunbyte, type Runbyte } from '../src/index.js';
import { connectInMemory, labServer, memoryServer, tempDir, textOf, type TempDir } from './helpers.js';

type Executed = CallToolResult & { structuredContent: Record<string, any> };

let dir: TempDir;
let runbyte: Runbyte;
let client: Client;
let memoryFile: string;

beforeAll(async () => {
  dir = tempDir('typecheck');
  memoryFile = join(dir.path, 'memory.jsonl');
  runbyte = await createRunbyte({
    mcpServers: { memory: memoryServer(memoryFile), lab: labServer() },
    server: { workspaceDir: join(dir.path, 'workspace') },
  });
  await runbyte.ready;
  client = await connectInMemory(runbyte);
});

afterAll(async () => {
  await client?.close();
  await runbyte?.close();
  dir?.remove();
});

async function execute(code: string, on: Client = client): Promise<Executed> {
  return (await on.callTool({ name: 'execute_code', arguments: { code } })) as Executed;
}

/** How many sleep calls the lab server has completed: proof that a call did or did not happen. */
async function sleeps(): Promise<number> {
  return (JSON.parse(textOf(await runbyte.callTool('lab', 'stats', {}))) as { completed: number }).completed;
}

const graphText = () => (existsSync(memoryFile) ? readFileSync(memoryFile, 'utf8') : '');

describe('type errors stop the execution before anything runs', () => {
  it('reports a misspelt argument with its line and a frame, and no tool is called', async () => {
    const before = await sleeps();
    const result = await execute(`import * as lab from './servers/lab';
import * as memory from './servers/memory';
export async function exec() {
  await lab.sleep({ ms: 1 });
  await memory.createEntities({ entites: [{ name: 'a', entityType: 't', observations: [] }] });
}`);
    expect(result.isError).toBe(true);
    expect(result.structuredContent.error).toMatchObject({ phase: 'typecheck', file: 'agent.ts', line: 5, column: 33 });
    const text = textOf(result);
    expect(text).toMatch(
      /^Type error \(typecheck\) at agent\.ts:5:33: .*'entites' does not exist.*Did you mean to write 'entities'\?/,
    );
    expect(text).toContain('Nothing ran: no tool was called.');
    expect(text).toContain('> 5 |   await memory.createEntities({ entites:');
    expect(result.structuredContent.toolCalls).toEqual([]);
    expect(await sleeps()).toBe(before);
    expect(graphText()).toBe('');
  });

  it('reports a wrong argument type and an unknown function, each with its own location', async () => {
    const before = await sleeps();
    const result = await execute(`import * as lab from './servers/lab';
export async function exec() {
  await lab.sleep({ ms: '5' });
  const rounded = Math.flor(2.5);
  return fetch('https://example.com');
}`);
    expect(result.structuredContent.error).toMatchObject({ phase: 'typecheck', line: 3 });
    const text = textOf(result);
    expect(text).toContain("Type 'string' is not assignable to type 'number'.");
    expect(text).toMatch(/agent\.ts:4:24: Property 'flor' does not exist on type 'Math'\. Did you mean 'floor'\?/);
    expect(text).toMatch(/agent\.ts:5:10: Cannot find name 'fetch'\./);
    expect(text).toContain('(3 errors, the others below)');
    expect(await sleeps()).toBe(before);
  });

  it('reports a missing argument and a call of something that is not a function', async () => {
    const result = await execute(`import * as memory from './servers/memory';
export async function exec() {
  const graph = await memory.readGraph();
  graph.entities();
  return memory.createEntities();
}`);
    const text = textOf(result);
    expect(result.structuredContent.error).toMatchObject({ phase: 'typecheck', line: 4 });
    expect(text).toContain('This expression is not callable.');
    expect(text).toMatch(/agent\.ts:5:17: Expected 1 arguments, but got 0\./);
  });
});

describe('what a model commonly writes still runs', () => {
  it('passes untyped results, any, untyped parameters, catch (e) e.message and JSON.parse', async () => {
    const before = await sleeps();
    const result = await execute(`import * as lab from './servers/lab';
import * as memory from './servers/memory';
import { writeJSON, readJSON } from '@runbyte/fs';
function pick(item, key) { return item[key]; }
export async function exec() {
  await lab.sleep({ ms: 1 });
  const stats = await lab.stats();
  const counts = {};
  counts.completed = stats.completed;
  counts.pid = typeof stats.pid;
  let loose: any = 1;
  loose = loose.nothing?.here ?? 'none';
  let message = '';
  try {
    await memory.openNodes({ names: ['nobody'] });
    JSON.parse('{');
  } catch (e) {
    message = e.message;
  }
  const parsed = JSON.parse('{"a":{"b":[1,2,3]}}');
  await writeJSON('typecheck/parsed.json', parsed);
  const back = await readJSON('typecheck/parsed.json');
  const url = new URL('https://example.com/a?x=1');
  await new Promise((resolve) => setTimeout(resolve, 1));
  const bytes = new TextEncoder().encode('hé');
  return { counts, loose, message: message.length > 0, sum: parsed.a.b.reduce((s, n) => s + n, 0),
    back: back.a.b.length, picked: pick({ k: 2 }, 'k'), x: url.searchParams.get('x'), bytes: bytes.length,
    b64: btoa('hi') };
}`);
    expect(textOf(result)).not.toContain('typecheck');
    expect(result.isError).not.toBe(true);
    expect(result.structuredContent.result).toEqual({
      counts: { completed: before + 1, pid: 'number' },
      loose: 'none',
      message: true,
      sum: 6,
      back: 3,
      picked: 2,
      x: '1',
      bytes: 3,
      b64: 'aGk=',
    });
  });
});

describe('server.typecheck: false', () => {
  it('runs code with a type error', async () => {
    const off = await createRunbyte({
      mcpServers: { memory: memoryServer(join(dir.path, 'memory-off.jsonl')) },
      server: { workspaceDir: join(dir.path, 'workspace-off'), typecheck: false },
    });
    const offClient = await connectInMemory(off);
    try {
      const result = await execute(
        `import * as memory from './servers/memory';
export async function exec() {
  const graph = await memory.readGraph();
  return graph.entites ?? 'no such property';
}`,
        offClient,
      );
      expect(result.isError).not.toBe(true);
      expect(result.structuredContent.result).toBe('no such property');
      expect(result.structuredContent.toolCalls).toHaveLength(1);
    } finally {
      await offClient.close();
      await off.close();
    }
  });
});
