// Learned result types (from @runbyte/hub's calls) rendered as a tool's Result.
import { describe, expect, it } from 'vitest';
import { generateServer, RUNTIME_FILE, runtimeModuleSource, type ToolDefinition } from '../src/index.js';
import { typecheckTree } from './support/typecheck.js';

const getUser: ToolDefinition = {
  name: 'get_user',
  description: 'Look up a user.',
  inputSchema: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
};
const declared: ToolDefinition = {
  name: 'count',
  inputSchema: { type: 'object' },
  outputSchema: { type: 'object', properties: { count: { type: 'number' } }, required: ['count'] },
};
const userShape = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    nickname: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    meta: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
  },
  required: ['id', 'tags', 'meta'],
};

describe('learned result types', () => {
  it('renders a learned shape as Result with one comment, in the file and both views, and it type-checks', async () => {
    const out = await generateServer('s', [getUser], {
      learnedResults: { get_user: { schema: userShape, observations: 3 } },
    });
    const comment = '// Result observed over 3 calls, not declared by the server';
    for (const text of [out.files['getUser.ts']!, out.views['getUser.ts']!, out.views['index.ts']!]) {
      expect(text.split(comment)).toHaveLength(2);
      expect(text).toMatch(/nickname\?: string/);
      expect(text).toMatch(/meta: \{\s*\[k: string\]: string \| null/);
    }
    expect(out.files['getUser.ts']).not.toMatch(/declares no output schema/);
    const use = `import { getUser } from './s/getUser.js';
export async function f(): Promise<number> { const u = await getUser({ id: 1 }); return u.id + u.tags.length; }`;
    const files = Object.fromEntries(Object.entries(out.files).map(([name, source]) => [`s/${name}`, source]));
    expect(typecheckTree({ ...files, [RUNTIME_FILE]: runtimeModuleSource(), 'use.ts': use })).toEqual([]);
    // The check can fail: a property the learned type lacks is an error.
    const wrong = use.replace('u.tags.length', 'u.missing');
    expect(typecheckTree({ ...files, [RUNTIME_FILE]: runtimeModuleSource(), 'use.ts': wrong }).join('\n')).toMatch(
      /missing/,
    );
  });

  it('says "1 call" for one observation', async () => {
    const out = await generateServer('s', [getUser], {
      learnedResults: { get_user: { schema: { type: 'string' }, observations: 1 } },
    });
    expect(out.views['getUser.ts']).toContain(
      '// Result observed over 1 call, not declared by the server\nexport type Result = string',
    );
  });

  it('lets a declared outputSchema win over a learned one', async () => {
    const out = await generateServer('s', [declared], {
      learnedResults: { count: { schema: { type: 'string' }, observations: 5 } },
    });
    expect(out.views['count.ts']).not.toMatch(/observed over/);
    expect(out.views['count.ts']).toMatch(/count: number/);
  });

  it('escapes keys of a learned shape like any server text', async () => {
    const hostile = {
      type: 'object',
      properties: { '"}; alert(1); //': { type: 'string' }, '*/ x': { type: 'null' } },
    };
    const out = await generateServer('s', [getUser], {
      learnedResults: { get_user: { schema: hostile, observations: 2 } },
    });
    expect(out.files['getUser.ts']).toContain('observed over 2 calls');
    expect(out.files['getUser.ts']).toContain('"\\"}; alert(1); //"?: string');
  });
});
