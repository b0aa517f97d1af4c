import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runbyte } from '../src/index.js';
import { connectInMemory, labServer, memoryServer, tempDir, textOf, waitFor, type TempDir } from './helpers.js';
import { countTokens } from '@runbyte/test-support';
import { createRunbyte, INSTRUCTIONS } from '../src/index.js';

let dir: TempDir;
let runbyte: Runbyte;
let client: Client;

beforeAll(async () => {
  dir = tempDir('tools');
  runbyte = await createRunbyte(
    {
      mcpServers: {
        memory: memoryServer(join(dir.path, 'memory.jsonl')),
        lab: labServer(),
        broken: { command: 'runbyte-test-no-such-command' },
      },
      server: { timeout: 3, workspaceDir: join(dir.path, 'workspace') },
    },
    { progressIntervalMs: 100 },
  );
  client = await connectInMemory(runbyte);
});

afterAll(async () => {
  await client?.close();
  await runbyte?.close();
  dir?.remove();
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function execute(code: string): Promise<CallToolResult & { structuredContent: Record<string, any> }> {
  return (await call('execute_code', { code })) as CallToolResult & { structuredContent: Record<string, any> };
}

async function labStats(): Promise<{ running: number; cancelled: number; completed: number; pid: number }> {
  const result = await runbyte.callTool('lab', 'stats', {});
  return JSON.parse(textOf(result));
}

describe('the MCP surface', () => {
  it('lists exactly the three tools, with output schemas where the result is data (not read_file)', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['execute_code', 'list_directory', 'read_file']);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(10);
      expect(tool.inputSchema.type).toBe('object');
      if (tool.name === 'read_file') expect(tool.outputSchema).toBeUndefined();
      else expect(tool.outputSchema?.type).toBe('object');
    }
    const execute = tools.find((t) => t.name === 'execute_code')!;
    expect(execute.inputSchema.required).toEqual(['code']);
    expect(Object.keys(execute.outputSchema!.properties!)).toEqual(
      expect.arrayContaining(['result', 'logs', 'durationMs', 'toolCalls']),
    );
  });

  it('sends short instructions that explain discovery, exec() and the imports', () => {
    const instructions = client.getInstructions();
    expect(instructions).toBe(INSTRUCTIONS);
    for (const needle of ['list_directory', 'read_file', 'exec()', './servers/', '@runbyte/fs', 'structuredContent']) {
      expect(instructions).toContain(needle);
    }
  });

  it('keeps tools/list and the instructions within 250 tokens together, without $schema', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) {
      expect(tool.inputSchema).not.toHaveProperty('$schema');
      if (tool.outputSchema) expect(tool.outputSchema).not.toHaveProperty('$schema');
    }
    expect(Object.keys(tools.find((t) => t.name === 'list_directory')!.inputSchema.properties!)).toEqual([
      'path',
      'withDescriptions',
      'query',
    ]);
    // Counted as the bench counts them: name, description and inputSchema of each tool, plus the instructions.
    const definitions = countTokens(
      JSON.stringify(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }))),
    );
    const instructions = countTokens(client.getInstructions()!);
    console.log(`tools/list ${definitions} tokens + instructions ${instructions} tokens`);
    expect(definitions + instructions).toBeLessThanOrEqual(250);
  });
});

describe('list_directory and read_file', () => {
  it('searches the functions of every server with a query, one line per best hit', async () => {
    const result = await call('list_directory', { query: 'remember facts about a person; read the whole graph' });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    // Each need's best hit has its full signature; close runner-ups follow as `  or name — summary`.
    expect(text).toMatch(/^memory\.[A-Za-z]+\(args: \{[A-Za-z]+: \{[^}]+\}\[\]\}\)/);
    expect(text).toMatch(/^( {2}or )?memory\.addObservations[( ]/m);
    // Imported from ./servers/memory, as the instructions' example shows: the line names no other path.
    expect(text).toMatch(
      /^memory\.readGraph\(args\?: \{\}\): Promise<\{entities: object\[\], relations: object\[\]\}> — [^(]*$/m,
    );
    const scoped = textOf(await call('list_directory', { path: '/servers/memory', query: 'delete relations' }));
    expect(scoped.split('\n')[0]).toMatch(/^memory\.deleteRelations\(/);
  });

  it('lists the servers as folders', async () => {
    const result = await call('list_directory', { path: '/servers' });
    expect(result.isError).toBeFalsy();
    const entries = (result.structuredContent as { entries: { name: string; type: string }[] }).entries;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'memory', type: 'directory' }),
        expect.objectContaining({ name: 'lab', type: 'directory' }),
      ]),
    );
    expect(textOf(result)).toContain('memory');
  });

  it('shows an unavailable server with its reason, in the text and in the entries', async () => {
    const result = await call('list_directory', { path: '/servers' });
    const entries = (result.structuredContent as { entries: { name: string; description?: string }[] }).entries;
    const broken = entries.find((e) => e.name === 'broken');
    expect(broken?.description).toMatch(/unavailable/i);
    expect(broken?.description).toContain('runbyte-test-no-such-command');
    expect(textOf(result)).toContain('runbyte-test-no-such-command');
    // the healthy servers still work
    expect(entries.find((e) => e.name === 'memory')?.description).toMatch(/\d+ function/);
  });

  it('lists the root by default', async () => {
    const result = await call('list_directory', {});
    expect((result.structuredContent as { path: string }).path).toBe('/');
    expect(textOf(result)).toContain('servers');
  });

  it('adds tool summaries only when asked', async () => {
    const plain = await call('list_directory', { path: '/servers/memory' });
    const described = await call('list_directory', { path: '/servers/memory', withDescriptions: true });
    type Entries = { entries: { name: string; description?: string }[] };
    const plainEntry = (plain.structuredContent as Entries).entries.find((e) => e.name === 'createEntities.ts');
    const describedEntry = (described.structuredContent as Entries).entries.find((e) => e.name === 'createEntities.ts');
    expect(plainEntry).toBeDefined();
    expect(plainEntry!.description).toBeUndefined();
    expect(describedEntry!.description).toMatch(/entit/i);
  });

  it('reads a generated tool file', async () => {
    const result = await call('read_file', { path: '/servers/memory/createEntities.ts' });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('export declare function createEntities');
    // Sent once, as text: no structuredContent copy of the same file.
    expect(result.structuredContent).toBeUndefined();
    expect(result.content).toHaveLength(1);
  });

  it('answers an unknown path with an error result that names it', async () => {
    const read = await call('read_file', { path: '/servers/nope/thing.ts' });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toContain('/servers/nope/thing.ts');
    const list = await call('list_directory', { path: '/nowhere' });
    expect(list.isError).toBe(true);
    expect(textOf(list)).toContain('/nowhere');
  });

  it('answers wrong argument types with an error result, not a crash', async () => {
    const list = await call('list_directory', { path: 42 });
    expect(list.isError).toBe(true);
    expect(textOf(list)).toMatch(/invalid/i);
    const exec = await call('execute_code', {});
    expect(exec.isError).toBe(true);
    expect(textOf(exec)).toContain('code');
    // the session still works afterwards
    expect((await call('list_directory', { path: '/' })).isError).toBeFalsy();
  });
});

describe('execute_code', () => {
  it("calls a real downstream server and returns only exec()'s value, the logs and the tool calls", async () => {
    const result = await execute(`
      import * as memory from './servers/memory';
      export async function exec() {
        await memory.createEntities({ entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }] });
        const graph = await memory.readGraph({});
        console.log('entities:', graph.entities.length);
        return graph.entities.map((e) => e.name);
      }`);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.result).toEqual(['Ada']);
    expect(result.structuredContent.logs).toEqual([{ level: 'log', message: 'entities: 1' }]);
    expect(result.structuredContent.toolCalls.map((c: { tool: string; ok: boolean }) => [c.tool, c.ok])).toEqual([
      ['create_entities', true],
      ['read_graph', true],
    ]);
    expect(result.structuredContent.toolCalls[0].server).toBe('memory');
    expect(result.structuredContent.durationMs).toBeGreaterThan(0);
    const text = textOf(result);
    expect(text).toContain('["Ada"]');
    expect(text).toContain('entities: 1');
    expect(text).not.toContain('wrote the first program');
  });

  it('reports a bundling error with the line and a code frame', async () => {
    const result = await execute('export async function exec() {\n  const x = ;\n  return x;\n}\n');
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^Bundling failed \(bundling\) at agent\.ts:2:\d+/);
    expect(text).toContain('const x = ;');
    expect(result.structuredContent.error).toMatchObject({ phase: 'bundling', line: 2 });
    expect(result.structuredContent.result).toBeNull();
  });

  it('reports an import of a server that does not exist as a bundling error', async () => {
    const result = await execute(
      "import * as nope from './servers/nope';\nexport async function exec() { return nope; }\n",
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Bundling failed \(bundling\)/);
    expect(textOf(result)).toContain('nope');
  });

  it("reports a runtime error at the user's line, with the console output so far", async () => {
    const result = await execute(
      'export async function exec() {\n  console.log("before");\n  const value: any = undefined;\n  return value.field;\n}\n',
    );
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^Runtime error \(runtime\) at agent\.ts:4:\d+/);
    expect(text).toContain('value.field');
    expect(text).toContain('before');
    expect(result.structuredContent.error).toMatchObject({ phase: 'runtime', line: 4 });
  });

  it('turns a downstream error result into an exception the code can catch', async () => {
    const result = await execute(`
      import * as lab from './servers/lab';
      export async function exec() {
        try { await lab.fail({}); return 'no error'; } catch (e) { return String((e as Error).message); }
      }`);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.result).toContain('failed on purpose');
    expect(result.structuredContent.toolCalls).toMatchObject([{ server: 'lab', tool: 'fail', ok: false }]);
  });

  it('stops code that runs past the timeout', async () => {
    const result = await execute('export async function exec() {\n  while (true) {}\n}\n');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Timed out \(timeout\)/);
    expect(result.structuredContent.error.phase).toBe('timeout');
  });

  it('keeps workspace files across executions', async () => {
    const write = await execute(`
      import { writeFile } from '@runbyte/fs';
      export async function exec() { await writeFile('notes/today.txt', 'remember the milk'); return 'saved'; }`);
    expect(write.structuredContent.result).toBe('saved');
    const read = await execute(`
      import { readFile } from '@runbyte/fs';
      export async function exec() { return await readFile('notes/today.txt'); }`);
    expect(read.isError).toBeFalsy();
    expect(read.structuredContent.result).toBe('remember the milk');
  });

  it('runs executions concurrently, each with its own tool calls', async () => {
    const code = (ms: number) => `
      import * as lab from './servers/lab';
      export async function exec() { return await lab.sleep({ ms: ${ms} }); }`;
    const [a, b] = await Promise.all([execute(code(300)), execute(code(200))]);
    expect(a.structuredContent.result).toEqual({ slept: 300 });
    expect(b.structuredContent.result).toEqual({ slept: 200 });
    expect(a.structuredContent.toolCalls).toHaveLength(1);
    expect(b.structuredContent.toolCalls).toHaveLength(1);
  });

  it('stays responsive while a script loops, and a cancellation stops the loop (executions run in worker threads)', async () => {
    const looping = execute('export async function exec() {\n  while (true) {}\n}\n').then(() => 'loop ended');
    const listing = call('list_directory', { path: '/servers' }).then(() => 'listing answered');
    // On the main thread the listing would wait for the loop's 3 s timeout.
    expect(await Promise.race([looping, listing])).toBe('listing answered');
    await looping;

    const controller = new AbortController();
    const cancelled = runbyte.executeCode('export async function exec() {\n  while (true) {}\n}\n', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const outcome = await cancelled;
    expect(outcome.ok).toBe(false);
    // Not 'timeout': the abort reached the loop itself.
    expect(outcome.ok ? undefined : outcome.phase).toBe('aborted');
  });

  it('sends progress notifications when the request asks for them', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const result = (await client.callTool(
      {
        name: 'execute_code',
        arguments: {
          code: "import * as lab from './servers/lab';\nexport async function exec() { await lab.sleep({ ms: 600 }); return 'done'; }",
        },
      },
      undefined,
      { onprogress: (p) => progress.push(p) },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.message).toMatch(/1 tool call/);
    const values = progress.map((p) => p.progress);
    expect([...values].sort((x, y) => x - y)).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
  });

  it('cancelling the request aborts the downstream call it was waiting for', async () => {
    const before = await labStats();
    const controller = new AbortController();
    const pending = client.callTool(
      {
        name: 'execute_code',
        arguments: {
          code: "import * as lab from './servers/lab';\nexport async function exec() { return lab.sleep({ ms: 20000 }); }",
        },
      },
      undefined,
      { signal: controller.signal },
    );
    await waitFor(async () => (await labStats()).running > before.running, 'the downstream call to start');
    controller.abort();
    await expect(pending).rejects.toThrow();
    const after = await waitFor(async () => {
      const stats = await labStats();
      return stats.cancelled > before.cancelled ? stats : undefined;
    }, 'the downstream call to be cancelled');
    expect(after.running).toBe(before.running);
    expect(after.completed).toBe(before.completed);
  });
});

describe('downstream tool changes', () => {
  it('reach the next listing, read and execution, while a running execution keeps its tool set', async () => {
    const adding = await execute(`
      import * as lab from './servers/lab';
      export async function exec() {
        await lab.addTool({ name: 'shout' });
        return Object.keys(lab).includes('shout');
      }`);
    expect(adding.isError).toBeFalsy();
    // the running execution was bundled before the change
    expect(adding.structuredContent.result).toBe(false);

    await waitFor(async () => {
      const listing = await call('list_directory', { path: '/servers/lab' });
      return textOf(listing).includes('shout.ts') || undefined;
    }, 'the new tool in the listing');
    const file = await call('read_file', { path: '/servers/lab/shout.ts' });
    expect(textOf(file)).toContain('export declare function shout(');
    const using = await execute(`
      import { shout } from './servers/lab';
      export async function exec() { return shout({ text: 'hey' }); }`);
    expect(using.isError).toBeFalsy();
    expect(using.structuredContent.result).toBe('hey');
  });
});

describe('server.timeout', () => {
  it('is in seconds and refuses a value past the timer range instead of firing after 1 ms', async () => {
    // 3,000,000 s is 3e9 ms, past setTimeout's 2^31-1: Node would fire the watchdog at once.
    await expect(createRunbyte({ mcpServers: {}, server: { timeout: 3_000_000 } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'server.timeout is in seconds and must be from 0.001 to 2147483, got 3000000.',
    });
  });
});

describe('approval options', () => {
  it('refuses a policy, a fallback or an approval timeout that cannot work', async () => {
    await expect(createRunbyte({ mcpServers: {}, approvals: { a: 'sometimes' as 'always' } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'approvals of server "a": "sometimes" is no policy; use "never", "destructive" or "always".',
    });
    await expect(
      createRunbyte({ mcpServers: {}, server: { approvalFallback: 'maybe' as 'allow' } }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: expect.stringContaining('approvalFallback') });
    await expect(createRunbyte({ mcpServers: {}, server: { approvalTimeout: -1 } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringContaining('server.approvalTimeout'),
    });
  });
});
