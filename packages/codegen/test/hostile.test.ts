import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  generateRootIndex,
  generateServer,
  RUNTIME_FILE,
  runtimeModuleSource,
  type GeneratedServer,
} from '../src/index.js';
import { HOSTILE_SCHEMA_TOOLS, hostileNameTools } from './support/hostile.js';
import { STRICT_OPTIONS, typecheckTree } from './support/typecheck.js';

const SERVERS = ['hostile "names" ${x} `t` *', 'schemas', '1-2-3', 'schémas'];

async function generateAll(): Promise<GeneratedServer[]> {
  return [
    await generateServer(SERVERS[0]!, hostileNameTools()),
    await generateServer(SERVERS[1]!, HOSTILE_SCHEMA_TOOLS),
    await generateServer(SERVERS[2]!, []),
    await generateServer(SERVERS[3]!, HOSTILE_SCHEMA_TOOLS.slice(0, 2)),
  ];
}

function tree(servers: GeneratedServer[]): Record<string, string> {
  const files: Record<string, string> = {
    [RUNTIME_FILE]: runtimeModuleSource(),
    'index.ts': generateRootIndex(servers.map((s) => s.server)),
  };
  for (const s of servers) for (const [name, source] of Object.entries(s.files)) files[`${s.server}/${name}`] = source;
  return files;
}

/**
 * What a tool file does at run time, read from its JavaScript (types and comments gone): it must be
 * exactly an import of the runtime and one function returning `$callTool(server, tool, args)`.
 */
function runtimeShape(source: string): {
  imports: string[];
  functionName?: string;
  callArgs?: string[];
  other: number;
} {
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const file = ts.createSourceFile('x.js', js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const shape: { imports: string[]; functionName?: string; callArgs?: string[]; other: number } = {
    imports: [],
    other: 0,
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      shape.imports.push(statement.getText(file));
    } else if (
      ts.isFunctionDeclaration(statement) &&
      statement.body?.statements.length === 1 &&
      shape.functionName === undefined
    ) {
      shape.functionName = statement.name?.text;
      const ret = statement.body.statements[0]!;
      if (
        ts.isReturnStatement(ret) &&
        ret.expression &&
        ts.isCallExpression(ret.expression) &&
        ret.expression.expression.getText(file) === '$callTool'
      ) {
        shape.callArgs = ret.expression.arguments.map((a) => (ts.isStringLiteral(a) ? a.text : `<${a.getText(file)}>`));
      }
    } else {
      shape.other++;
    }
  }
  return shape;
}

describe('hostile tool names and schemas', () => {
  it('type-check under tsc --strict and generate the same bytes twice', async () => {
    const first = await generateAll();
    const second = await generateAll();
    expect(second).toEqual(first);
    expect(typecheckTree(tree(first))).toEqual([]);
  });

  it('also type-check with bundler resolution and no package.json settings', async () => {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: STRICT_OPTIONS.lib,
      types: [],
      skipLibCheck: true,
    };
    expect(typecheckTree(tree(await generateAll()), options)).toEqual([]);
  });

  it('compile to exactly an import and one call of the original tool name: nothing injected', async () => {
    const servers = await generateAll();
    for (const server of servers) {
      for (const tool of server.tools) {
        expect(runtimeShape(server.files[tool.fileName]!)).toEqual({
          imports: ['import { callTool as $callTool } from "../_runtime.js";'],
          functionName: tool.identifier,
          callArgs: [server.server, tool.toolName, '<args>'],
          other: 0,
        });
      }
      const index = ts.transpileModule(server.files['index.ts']!, {
        compilerOptions: { module: ts.ModuleKind.ESNext, removeComments: true },
      }).outputText;
      expect(
        index
          .trim()
          .split('\n')
          .every((line) => line.startsWith('export {')),
      ).toBe(true);
    }
  });

  it('gives every tool a unique identifier and file, whatever its name', async () => {
    const [names] = await generateAll();
    const ids = names!.tools.map((t) => t.identifier);
    expect(new Set(ids.map((i) => i.toLowerCase())).size).toBe(ids.length);
    expect(ids.every((id) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(id))).toBe(true);
    expect(Object.keys(names!.files)).toEqual(['index.ts', ...names!.tools.map((t) => t.fileName)]);
    const byName = (n: string) => names!.tools.find((t) => t.toolName === n)!.identifier;
    expect(byName('getUserInfo')).toBe('getUserInfo');
    expect(byName('getUserInfo2')).toBe('getUserInfo2');
    expect(byName('get-user.info')).toBe('getUserInfo3');
    expect(byName('get_user_info')).toBe('getUserInfo4');
    expect(byName('index')).toBe('index_');
    expect(byName('delete')).toBe('delete_');
    expect(byName('2fa_verify')).toBe('_2faVerify');
    expect(byName('')).toBe('tool');
    expect(byName('工具')).toBe('u5de5U5177');
  });

  it('refuses remote $refs with a note and resolves local ones', async () => {
    const [, schemas] = await generateAll();
    const refs = schemas!.files['refs.ts']!;
    expect(refs).toContain('"https://example.com/schemas/thing.json", which is not fetched');
    expect(refs).toContain('"other.json#/definitions/x", which is not fetched');
    expect(refs).toContain('"#/$defs/Missing", which is not a schema in the same document');
    expect(refs).toMatch(/item\?: Item\b/);
    // `$defs` keys with `%` and `#` resolve too.
    expect(refs).toContain('pct?: number');
    expect(refs).toContain('hash?: boolean');
    expect(refs).toMatch(/export interface Item \{[^}]*children\?: Item\[\]/);
    // The output schema's own Item does not collide with the input's.
    expect(refs).toMatch(/export interface Result \{[^}]*item: Item1\b/);
    expect(refs).not.toMatch(/^\s*export const pwned/m);
  });

  it('merges `definitions` into `$defs` when a schema has both, which json-schema-to-typescript refuses', async () => {
    const [, schemas] = await generateAll();
    const file = schemas!.files['bothDefsKinds.ts']!;
    expect(file).not.toContain('could not be converted');
    expect(file).toMatch(/export interface Args \{\n {2}a\?: string\n {2}b\?: number\n\}/);
  });

  it('types a $ref cycle through unions and intersections only as unknown, with a note', async () => {
    const [, schemas] = await generateAll();
    const cycles = schemas!.files['cycles.ts']!;
    expect(cycles).toContain('defines "#/$defs/a" in terms of itself');
    expect(cycles).toContain('refToSelf?: unknown');
    expect(cycles).toContain('export type ItemsSelf = ItemsSelf[]');
    expect(cycles).toMatch(/export interface M1 \{\n {2}next\?: M2\n\}/);
    expect(schemas!.files['circularRootRef.ts']).toContain('in terms of itself');
  });
});
