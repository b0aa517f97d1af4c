import { describe, expect, it } from 'vitest';
import { generateServer } from '../src/index.js';
import { MAX_SCHEMA_CHARS } from '../src/generate.js';

/** ~230 KB of $defs that refer to each other through anyOf: conversion cost grows far faster than size. */
function mutuallyReferringDefs(count: number): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const refs = [1, 2, 3, 4].map((j) => ({ $ref: `#/$defs/D${(i * 7 + j * 13) % count}` }));
    defs[`D${i}`] = { anyOf: [...refs, { type: 'string' }], description: `Definition ${i} `.padEnd(80, '.') };
  }
  return { type: 'object', properties: { root: { $ref: '#/$defs/D0' } }, $defs: defs };
}

describe('schema conversion is bounded (issue #13, item 6)', () => {
  it('a huge schema of mutually referring $defs gets a permissive Args and a note; the other tools keep their types', async () => {
    const hostile = mutuallyReferringDefs(1000);
    expect(JSON.stringify(hostile).length).toBeGreaterThan(MAX_SCHEMA_CHARS);
    const generated = await generateServer('h', [
      { name: 'hostile', inputSchema: hostile, outputSchema: hostile },
      { name: 'fine', inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
    ]);
    const file = generated.files['hostile.ts']!;
    expect(file).toContain('The input schema is 224 KiB of JSON, more than the 62.5 KiB converted to TypeScript');
    expect(file).toContain('any object is accepted here');
    expect(file).toContain('The output schema is 224 KiB of JSON');
    expect(file).not.toContain('D13');
    expect(file).toMatch(/export (type|interface) Args[^]*\[k: string\]: unknown/);
    expect(generated.files['fine.ts']).toMatch(/q: string/);
  });
});
