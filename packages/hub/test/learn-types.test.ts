import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createHub } from '../src/index.js';
import { boundShape, inferShape, mergeShapes, SHAPE_LIMITS, type Shape } from '../src/learn/shape.js';
import { LearnedTypes } from '../src/learn/store.js';
import { fixtureStdio, recordingLogger, tempDir } from './support/servers.js';

const merged = (...values: unknown[]): Shape => values.map((v) => inferShape(v)).reduce((a, b) => mergeShapes(a, b));

const text = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }] });

const tool = (description = 'Get a thing'): Tool => ({
  name: 'get',
  description,
  inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
});

describe('shape inference', () => {
  it('infers objects, integers, numbers, null and required keys, sorted', () => {
    expect(inferShape({ b: 1, a: 'x', c: null, d: 1.5, e: true })).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'integer' },
        c: { type: 'null' },
        d: { type: 'number' },
        e: { type: 'boolean' },
      },
      required: ['a', 'b', 'c', 'd', 'e'],
    });
  });

  it('makes a key optional once an observation lacks it, and widens integer to number', () => {
    expect(merged({ id: 1, name: 'a' }, { id: 2.5 })).toEqual({
      type: 'object',
      properties: { id: { type: 'number' }, name: { type: 'string' } },
      required: ['id'],
    });
  });

  it('unifies array elements, and an empty array takes the elements of another', () => {
    expect(inferShape([{ a: 1 }, { a: 2, b: 'x' }, 'text'])).toEqual({
      type: 'array',
      items: {
        anyOf: [
          { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, required: ['a'] },
          { type: 'string' },
        ],
      },
    });
    expect(merged([], [true])).toEqual({ type: 'array', items: { type: 'boolean' } });
    expect(merged([])).toEqual({ type: 'array' });
  });

  it('unions different kinds, once each', () => {
    expect(merged('a', null, 'b', 3)).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] });
  });

  it('stops at the depth bound', () => {
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    const shape = inferShape(deep);
    const at = (s: Shape, key: string) => (s['properties'] as Record<string, Shape>)[key]!;
    expect(at(at(at(at(shape, 'a'), 'b'), 'c'), 'd')).toEqual({});
  });

  it('turns objects with too many or too long keys into records of their merged values', () => {
    const wide = Object.fromEntries(Array.from({ length: SHAPE_LIMITS.width + 1 }, (_, i) => [`k${i}`, i]));
    expect(inferShape(wide)).toEqual({ type: 'object', additionalProperties: { type: 'integer' } });
    expect(inferShape({ ['x'.repeat(SHAPE_LIMITS.keyLength + 1)]: 'v', y: null })).toEqual({
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
    // Keys added over calls count too.
    const halves = [0, 1].map((h) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${h}_${i}`, 'v'])));
    expect(merged(...halves)).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
  });

  it('keeps a key named __proto__ as a key', () => {
    const shape = inferShape(JSON.parse('{"__proto__": 1}'));
    expect(Object.keys(shape['properties'] as object)).toEqual(['__proto__']);
  });

  it('cuts a shape with too many nodes a level shallower until it fits', () => {
    const row = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, { a: 1, b: 'x' }]));
    const big = inferShape({ rows: [row] });
    const bounded = boundShape(big, { ...SHAPE_LIMITS, nodes: 40 });
    expect(JSON.stringify(bounded).length).toBeLessThan(JSON.stringify(big).length);
    const items = ((bounded['properties'] as Record<string, Shape>)['rows']!['items'] as Shape)['properties'];
    expect(Object.values(items as object)).toEqual(Array.from({ length: 30 }, () => ({})));
    expect(boundShape(big, { ...SHAPE_LIMITS, nodes: 10 })).toEqual({
      type: 'object',
      properties: { rows: { type: 'array', items: {} } },
      required: ['rows'],
    });
  });
});

describe('the learned types store', () => {
  it('keeps only shapes on disk, never the values returned', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'data', 'learned-types.json');
    const store = new LearnedTypes(file, recordingLogger());
    store.observe(
      's',
      tool(),
      text({ token: 'hunter2-secret', list: ['alpha-secret'], n: 42, nested: { k: 'v-secret' } }),
    );
    await store.flush();
    const stored = readFileSync(file, 'utf8');
    const strings: string[] = [];
    JSON.parse(stored, (key, value: unknown) => {
      if (
        typeof value === 'string' &&
        !['server', 'tool', 'definition', 'type', ''].includes(key) &&
        !/^\d+$/.test(key)
      )
        strings.push(value);
      return value;
    });
    expect(strings).toEqual([]);
    expect(stored).not.toMatch(/secret|42/);
    expect(readdirSync(join(dir.path, 'data'))).toEqual(['learned-types.json']);
    dir.remove();
  });

  it('counts observations, survives a new store on the same file, and forgets a changed definition', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'learned-types.json');
    const first = new LearnedTypes(file, recordingLogger());
    first.observe('s', tool(), text({ a: 1 }));
    first.observe('s', tool(), { content: [], structuredContent: { a: 2, b: true } });
    first.observe('s', tool(), { content: [{ type: 'text', text: 'nope' }], isError: true });
    expect(first.forServer('s', [tool()])?.tools['get']).toEqual({
      observations: 2,
      schema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'boolean' } }, required: ['a'] },
    });
    await first.flush();
    const second = new LearnedTypes(file, recordingLogger());
    expect(second.forServer('s', [tool()])?.tools['get']?.observations).toBe(2);
    expect(second.forServer('s', [tool('Get a thing, changed')])).toBeUndefined();
    expect(second.forServer('other', [tool()])).toBeUndefined();
    expect(second.forServer('s', [{ ...tool(), outputSchema: { type: 'object' } }])).toBeUndefined();
    dir.remove();
  });

  it('inspects the first 20 results, then one call in 10, and counts the inspected ones', () => {
    const dir = tempDir();
    const store = new LearnedTypes(join(dir.path, 'learned-types.json'), recordingLogger());
    const definition = tool();
    for (let i = 0; i < 20; i++) store.observe('s', definition, text({ a: 1 }));
    // Not inspected: the new key is not seen yet.
    for (let i = 0; i < 9; i++) store.observe('s', definition, text({ a: 1, b: 'new' }));
    expect(store.forServer('s', [definition])?.tools['get']?.observations).toBe(20);
    store.observe('s', definition, text({ a: 1, b: 'new' }));
    const learned = store.forServer('s', [definition])?.tools['get'];
    expect(learned?.observations).toBe(21);
    expect(learned?.schema['properties']).toHaveProperty('b');
    dir.remove();
  });

  it('keeps what another process sharing the file learned about other tools', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'learned-types.json');
    const one = new LearnedTypes(file, recordingLogger());
    const two = new LearnedTypes(file, recordingLogger());
    const other: Tool = { ...tool(), name: 'other' };
    one.observe('s', tool(), text({ a: 1 }));
    two.observe('s', other, text('x'));
    await one.flush();
    await two.flush();
    const entries = JSON.parse(readFileSync(file, 'utf8')).entries as Array<{ tool: string }>;
    expect(entries.map((e) => e.tool).sort()).toEqual(['get', 'other']);
    dir.remove();
  });

  it('starts empty, with a warning, on a corrupt file, and then writes a good one', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'learned-types.json');
    writeFileSync(file, '{"format": 1, "entries": [');
    const logger = recordingLogger();
    const store = new LearnedTypes(file, logger);
    expect(store.forServer('s', [tool()])).toBeUndefined();
    expect(logger.entries.map((e) => e.msg)).toContain('The learned result types file is corrupt; starting empty');
    store.observe('s', tool(), text([1, 2]));
    await store.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).entries[0].shape).toEqual({
      type: 'array',
      items: { type: 'integer' },
    });
    dir.remove();
  });

  it('skips a stored entry whose shape it could not have made', () => {
    const dir = tempDir();
    const file = join(dir.path, 'learned-types.json');
    const good = { server: 's', tool: 'get', definition: 'x', observations: 1, shape: { type: 'string' } };
    writeFileSync(
      file,
      JSON.stringify({
        format: 1,
        entries: [
          { ...good, shape: { type: 'string', enum: ['leak'] } },
          { ...good, tool: 'b' },
        ],
      }),
    );
    const store = new LearnedTypes(file, recordingLogger());
    const b: Tool = { ...tool(), name: 'b' };
    // The definition hash differs from 'x', so nothing applies, but the file loaded without a warning.
    expect(store.forServer('s', [tool(), b])).toBeUndefined();
    dir.remove();
  });
});

describe('learning through the hub', () => {
  it('learns from calls of a real server and shows the result on the server state; off without a file', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'learned-types.json');
    const hub = createHub({ fixture: fixtureStdio() }, { learnTypesFile: file });
    await hub.start();
    expect(hub.server('fixture')?.learned).toBeUndefined();
    await hub.callTool('fixture', 'echo', { text: 'hello' });
    const learned = hub.server('fixture')?.learned;
    expect(learned?.tools['echo']).toEqual({ schema: { type: 'string' }, observations: 1 });
    await hub.close();
    expect(readFileSync(file, 'utf8')).not.toContain('hello');

    const off = createHub({ fixture: fixtureStdio() });
    await off.start();
    await off.callTool('fixture', 'echo', { text: 'hello' });
    expect(off.server('fixture')?.learned).toBeUndefined();
    await off.close();
    expect(readdirSync(dir.path)).toEqual(['learned-types.json']);
    dir.remove();
  });
});
