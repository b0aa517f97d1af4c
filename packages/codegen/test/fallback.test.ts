// When json-schema-to-typescript fails on a schema, that tool gets permissive types and a note, and the
// rest keeps working. No schema we know of still makes it fail (the random-schema test looks for one),
// so the failure is injected: a compiler that is the real one except for schemas marked FAIL.
import { compile } from 'json-schema-to-typescript';
import { describe, expect, it } from 'vitest';
import { RUNTIME_FILE, runtimeModuleSource } from '../src/index.js';
import { renderToolFile } from '../src/render.js';
import { toolTypes, type Compiler } from '../src/schema.js';
import { typecheckTree } from './support/typecheck.js';

const failOnMarked: Compiler = async (schema, name, options) => {
  if (JSON.stringify(schema).includes('FAIL')) {
    throw new Error('Unsupported schema at /tmp/x/schema.json: "*/ export const pwned = 1; /*"\nsecond line');
  }
  return compile(schema, name, options);
};

const good = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const bad = { type: 'object', properties: { x: { type: 'string', description: 'FAIL' } }, required: ['x'] };

async function file(input: object, output?: object): Promise<string> {
  const types = await toolTypes(input, output, failOnMarked);
  return renderToolFile({ server: 's', toolName: 't', identifier: 't', types });
}

describe('a schema that cannot be converted', () => {
  it('gives Args a permissive type and a note without host paths, and the file still type-checks', async () => {
    const source = await file(bad);
    expect(source).toContain(
      'could not be converted to TypeScript (Unsupported schema at <path> "*\\/ export const pwned',
    );
    expect(source).not.toMatch(/^export const/m);
    expect(source).toContain('export type Args = Record<string, unknown>;');
    expect(source).toContain('export async function t(args: Args = {}): Promise<Result>');
    expect(typecheckTree({ [RUNTIME_FILE]: runtimeModuleSource(), 's/t.ts': source })).toEqual([]);
  });

  it('keeps a precise Args when only the output schema fails', async () => {
    const source = await file(good, bad);
    expect(source).toMatch(/export interface Args \{\n {2}id: string\n\}/);
    expect(source).toContain('The output schema could not be converted');
    expect(source).toContain('export type Result = any;');
    expect(typecheckTree({ [RUNTIME_FILE]: runtimeModuleSource(), 's/t.ts': source })).toEqual([]);
  });

  it('keeps a precise Result when only the input schema fails', async () => {
    const source = await file(bad, good);
    expect(source).toContain('export type Args = Record<string, unknown>;');
    expect(source).toMatch(/export interface Result \{\n {2}id: string\n\}/);
    expect(typecheckTree({ [RUNTIME_FILE]: runtimeModuleSource(), 's/t.ts': source })).toEqual([]);
  });
});
