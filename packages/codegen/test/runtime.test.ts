// Runs the generated runtime module for real: transpiled by TypeScript and evaluated in a fresh V8
// context whose global `__runbyte_callTool` returns the raw results a host would.
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateServer, runtimeModuleSource, unwrapOnHost, UNWRAPPED_KEY } from '../src/index.js';

interface Runtime {
  callTool<T>(server: string, tool: string, args: unknown): Promise<T>;
  ToolError: new (...args: never[]) => Error;
}

function loadRuntime(host?: (server: string, tool: string, args: unknown) => Promise<unknown>): {
  runtime: Runtime;
  calls: unknown[][];
} {
  const js = ts.transpileModule(runtimeModuleSource(), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  }).outputText;
  const calls: unknown[][] = [];
  const module = { exports: {} as Record<string, unknown> };
  const context: Record<string, unknown> = { module, exports: module.exports };
  if (host) {
    context['__runbyte_callTool'] = (...args: [string, string, unknown]) => {
      calls.push(args);
      return host(...args);
    };
  }
  vm.runInNewContext(js, context);
  return { runtime: module.exports as unknown as Runtime, calls };
}

/** Loads a generated tool file as a CommonJS module whose `../_runtime.js` is the given runtime. */
function loadToolFile(source: string, runtime: Runtime): Record<string, (args?: unknown) => Promise<unknown>> {
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (specifier: string): unknown => {
    if (specifier !== '../_runtime.js') throw new Error(`unexpected import ${specifier}`);
    return runtime;
  };
  vm.runInNewContext(js, { module, exports: module.exports, require });
  return module.exports as Record<string, (args?: unknown) => Promise<unknown>>;
}

function call(raw: unknown, args: unknown = { a: 1 }): Promise<unknown> {
  const { runtime } = loadRuntime(async () => raw);
  return runtime.callTool('srv', 'the_tool', args);
}

describe('the runtime module', () => {
  it('sends the server, the original tool name and the arguments to the host', async () => {
    const { runtime, calls } = loadRuntime(async () => ({ content: [] }));
    await runtime.callTool('github', 'create_issue', { title: 'x' });
    await runtime.callTool('github', 'get_me', undefined);
    expect(calls).toEqual([
      ['github', 'create_issue', { title: 'x' }],
      ['github', 'get_me', {}],
    ]);
  });

  it('resolves to structuredContent when present', async () => {
    await expect(
      call({ structuredContent: { temp: 21 }, content: [{ type: 'text', text: '{"temp": 21}' }] }),
    ).resolves.toEqual({ temp: 21 });
  });

  it('parses a single text part as JSON when it is JSON', async () => {
    await expect(call({ content: [{ type: 'text', text: '[{"id": 1}]' }] })).resolves.toEqual([{ id: 1 }]);
    await expect(call({ content: [{ type: 'text', text: '42' }] })).resolves.toBe(42);
  });

  it('returns a single text part that is not JSON as the string', async () => {
    await expect(call({ content: [{ type: 'text', text: 'Hello, world' }] })).resolves.toBe('Hello, world');
  });

  it('returns any other content as the content array', async () => {
    const image = { type: 'image', data: 'iVBOR', mimeType: 'image/png' };
    const texts = [
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
    ];
    const resource = { type: 'resource', resource: { uri: 'file:///x', text: 'x' } };
    await expect(call({ content: [image] })).resolves.toEqual([image]);
    await expect(call({ content: texts })).resolves.toEqual(texts);
    await expect(call({ content: [resource] })).resolves.toEqual([resource]);
    await expect(call({ content: [] })).resolves.toEqual([]);
  });

  it('rejects with the server text when the result is an error', async () => {
    const { runtime } = loadRuntime(async () => ({
      isError: true,
      content: [{ type: 'text', text: 'Repository not found' }],
    }));
    const error = await runtime.callTool('github', 'get_repo', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(runtime.ToolError);
    expect((error as Error).message).toBe('Repository not found');
    expect(error).toMatchObject({ name: 'ToolError', server: 'github', tool: 'get_repo' });
  });

  it('rejects with a message naming the server and tool when an error has no text', async () => {
    await expect(call({ isError: true, content: [] })).rejects.toThrow(
      'The tool "the_tool" on server "srv" failed without an error message.',
    );
  });

  it('passes host failures through unchanged', async () => {
    const { runtime } = loadRuntime(async () => {
      throw new Error('Server "srv" is unavailable');
    });
    await expect(runtime.callTool('srv', 't', {})).rejects.toThrow('Server "srv" is unavailable');
  });

  it('says where tool functions run when the host function is missing', async () => {
    const { runtime } = loadRuntime();
    await expect(runtime.callTool('srv', 't', {})).rejects.toThrow('only run inside Runbyte');
  });

  it('is what a generated tool function calls, with the original tool name and its arguments', async () => {
    const { files, tools } = await generateServer('my "server"', [
      {
        name: 'get-user.info',
        inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
      { name: 'ping', inputSchema: { type: 'object' } },
    ]);
    const { runtime, calls } = loadRuntime(async (_server, tool) =>
      tool === 'ping'
        ? { content: [{ type: 'text', text: 'pong' }] }
        : { content: [], structuredContent: { name: 'Ada' } },
    );
    const getUserInfo = loadToolFile(files[tools[0]!.fileName]!, runtime)['getUserInfo']!;
    const ping = loadToolFile(files[tools[1]!.fileName]!, runtime)['ping']!;
    await expect(getUserInfo({ id: '42' })).resolves.toEqual({ name: 'Ada' });
    await expect(ping()).resolves.toBe('pong');
    expect(calls).toEqual([
      ['my "server"', 'get-user.info', { id: '42' }],
      ['my "server"', 'ping', {}],
    ]);
  });

  it('resolves the same value when the host unwraps the result itself (unwrapOnHost)', async () => {
    const image = { type: 'image', data: 'iVBOR', mimeType: 'image/png' };
    const raws: unknown[] = [
      { structuredContent: { temp: 21 }, content: [{ type: 'text', text: '{"temp": 21}' }] },
      { structuredContent: null, content: [{ type: 'text', text: '[{"id": 1}]' }] },
      { content: [{ type: 'text', text: ' 42' }] },
      { content: [{ type: 'text', text: 'Hello, world' }] },
      { content: [{ type: 'text', text: 'true story' }] },
      { content: [{ type: 'text', text: '{"cut": ' }] },
      { content: [image] },
      { content: [image, 'not a part'] },
      { content: [] },
      { toolResult: { legacy: true } },
      {},
    ];
    for (const raw of raws) {
      const onHost = unwrapOnHost(raw) as Record<string, unknown>;
      expect(Object.keys(onHost)).toEqual([UNWRAPPED_KEY]);
      await expect(call(onHost)).resolves.toEqual(await call(raw));
    }
    const failure = { isError: true, content: [{ type: 'text', text: 'Repository not found' }] };
    expect(unwrapOnHost(failure)).toBe(failure);
    await expect(call(unwrapOnHost(failure))).rejects.toThrow('Repository not found');
  });
});
