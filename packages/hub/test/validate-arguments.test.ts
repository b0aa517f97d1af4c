import { join } from 'node:path';
import { loadCatalogue } from '@runbyte/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArgumentValidator } from '../src/validate-arguments.js';
import { ARGUMENT_PROBLEMS_META, createHub, type Hub, type Tool } from '../src/index.js';
import { FIXTURE, memory, recordingLogger, tempDir, textOf } from './support/servers.js';

const VALIDATION_FIXTURE = join(FIXTURE, '..', 'validation-server.mjs');
const fixture = () => ({ command: process.execPath, args: [VALIDATION_FIXTURE] });

describe('argument validation against real servers', () => {
  const dir = tempDir();
  const logger = recordingLogger();
  let hub: Hub;
  const calls = async () => Number(textOf(await hub.callTool('fixture', 'calls', {})));

  beforeAll(async () => {
    hub = createHub({ fixture: fixture(), memory: memory(join(dir.path, 'memory.jsonl')) }, { logger });
    await hub.start();
  });
  afterAll(async () => {
    await hub.close();
    dir.remove();
  });

  it('rejects a misspelt argument with what to fix, and never calls the server', async () => {
    const before = await calls();
    const result = await hub.callTool('fixture', 'create_issue', { repository: 'x', title: 't', labels: 'bug' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'fixture.create_issue: missing required "owner" (string), "repo" (string); ' +
        'unknown "repository" — did you mean "repo"?; "labels" must be string[] (got string "bug"). ' +
        'The server was not called. Signature: create_issue(args: { owner: string; repo: string; title: string; ' +
        'labels?: string[]; count?: number; state?: "open" | "closed"; homepage?: string })',
    );
    expect(result._meta?.[ARGUMENT_PROBLEMS_META]).toEqual(
      expect.arrayContaining([{ path: 'labels', message: '"labels" must be string[] (got string "bug")' }]),
    );
    expect(await calls()).toBe(before);
  });

  it('reports numbers sent as strings and misspelt enum values instead of coercing them', async () => {
    const result = await hub.callTool('fixture', 'create_issue', {
      owner: 'o',
      repo: 'r',
      title: 't',
      count: '5',
      state: 'opened',
    });
    expect(textOf(result)).toContain('"count" must be number (got string "5")');
    expect(textOf(result)).toContain(
      '"state" must be one of "open", "closed" (got string "opened") — did you mean "open"?',
    );
  });

  it('suggests the closest property when additionalProperties is false', async () => {
    const result = await hub.callTool('fixture', 'strict_tool', { titel: 'x' });
    expect(textOf(result)).toMatch(
      /^fixture\.strict_tool: unknown "titel" — did you mean "title"\? The server was not called\./,
    );
  });

  it('passes a correct call through, ignoring unknown formats', async () => {
    const before = await calls();
    const result = await hub.callTool('fixture', 'create_issue', {
      owner: 'o',
      repo: 'r',
      title: 't',
      homepage: 'not checked',
    });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(textOf(result))).toMatchObject({ called: 'create_issue' });
    expect(await calls()).toBe(before + 1);
  });

  it('calls a tool whose schema cannot be compiled, and logs it once at debug', async () => {
    const before = await calls();
    for (let i = 0; i < 2; i++) {
      const result = await hub.callTool('fixture', 'broken_schema', { a: 1 });
      expect(result.isError).toBeFalsy();
    }
    expect(await calls()).toBe(before + 2);
    const logged = logger.entries.filter((e) => e.msg.includes('fixture/broken_schema cannot be compiled'));
    expect(logged.map((e) => e.level)).toEqual(['debug']);
  });

  it("leaves the memory server's graph unchanged when a call is rejected", async () => {
    const rejected = await hub.callTool('memory', 'create_entities', {
      entities: [{ name: 'Ada', entityTyp: 'person', observations: [] }],
    });
    expect(textOf(rejected)).toContain('missing required "entities[0].entityType" (string)');
    expect(textOf(rejected)).toContain('did you mean "entityType"?');
    const graph = JSON.parse(textOf(await hub.callTool('memory', 'read_graph', {}))) as { entities: unknown[] };
    expect(graph.entities).toEqual([]);
  });
});

describe('validateArguments: false', () => {
  it('sends wrong calls to the server as they are', async () => {
    const hub = createHub({ fixture: fixture() }, { validateArguments: false });
    try {
      const result = await hub.callTool('fixture', 'create_issue', { repository: 'x' });
      expect(result.isError).toBeFalsy();
      expect(Number(textOf(await hub.callTool('fixture', 'calls', {})))).toBe(1);
    } finally {
      await hub.close();
    }
  });
});

describe('the committed catalogue', () => {
  it('compiles the inputSchema of every tool', () => {
    const validator = createArgumentValidator(recordingLogger());
    const broken: string[] = [];
    let count = 0;
    for (const [server, tools] of loadCatalogue()) {
      for (const tool of tools) {
        count++;
        const compiled = validator.compile(tool as unknown as Tool);
        if (!compiled.ok) broken.push(`${server}/${tool.name}: ${compiled.reason}`);
      }
    }
    expect(count).toBeGreaterThan(90);
    expect(broken).toEqual([]);
  });

  it('accepts {} only for tools that require nothing', () => {
    const validator = createArgumentValidator(recordingLogger());
    for (const [server, tools] of loadCatalogue()) {
      for (const tool of tools) {
        const required = (tool.inputSchema.required as string[] | undefined) ?? [];
        const result = validator.check(server, tool as unknown as Tool, {});
        expect(result === undefined, `${server}/${tool.name}`).toBe(required.length === 0);
      }
    }
  });
});
