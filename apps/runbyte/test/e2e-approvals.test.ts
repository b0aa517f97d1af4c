// Approvals through the MCP client, end to end: the built CLI over stdio, the SDK client answering
// elicitation requests, and a fixture downstream server that records every call it runs.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { execute, fixtureServer, recorded } from './support/pass-through.js';
import { connectStdio, sandboxDir, textOf, whyNotRunnable, type Sandbox, type StdioSession } from './support/cli.js';

const notRunnable = await whyNotRunnable();

const program = (body: string) => `import * as fx from './servers/fx';
import { callTool } from './servers/_runtime';
export async function exec() {
${body}
}`;

/** What a guest returns for a call it caught: [error name, message], or the call's value. */
const caught = (call: string) => `try {
    return await ${call};
  } catch (error) {
    return [(error as Error).name, (error as Error).message];
  }`;

describe.skipIf(notRunnable)('approvals through a client that elicits', () => {
  let box: Sandbox;
  let session: StdioSession;
  let recordFile: string;
  let asked: ElicitRequest['params'][] = [];
  let answer: (request: ElicitRequest['params']) => Promise<ElicitResult>;

  beforeAll(async () => {
    box = sandboxDir('approvals');
    recordFile = join(box.dir, 'calls.jsonl');
    const config = box.writeConfig({
      mcpServers: { fx: fixtureServer(recordFile, { approve: { read_item: 'always', '*': 'destructive' } }) },
      // The wait (3 s) outlasts the execution's own limit (2 s): a timed-out approval shows the pause.
      server: { timeout: 2, approvalTimeout: 3, approveTools: ['fx.send_*'], workers: 1 },
    });
    session = await connectStdio(['--config', config], box.env, undefined, { elicitation: {} });
    session.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      return answer(request.params);
    });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    box?.remove();
  });
  beforeEach(() => {
    asked = [];
  });

  const decide = (decision: string) => async () => ({ action: 'accept' as const, content: { decision } });

  it('asks before a destructive call, showing server, tool and arguments, and runs it when approved', async () => {
    answer = decide('approve');
    const { structured } = await execute(session, program(`return await fx.deleteItem({ id: 'a1' });`));
    expect(structured.error).toBeUndefined();
    expect(structured.result).toBe('deleted a1');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toContain('fx.delete_item');
    expect(asked[0]!.message).toContain('"id": "a1"');
    expect(asked[0]!.message).toContain('destructive');
    expect(structured.toolCalls).toEqual([expect.objectContaining({ tool: 'delete_item', ok: true, approved: true })]);
    expect(recorded(recordFile).filter((r) => r.id === 'a1')).toHaveLength(1);
  });

  it('rejects a denied call with a ToolError the program catches; the server is never called', async () => {
    answer = decide('deny');
    const { structured } = await execute(
      session,
      program(`const first = await (async () => { ${caught(`fx.deleteItem({ id: 'b1' })`)} })();
  return { first, after: await fx.readItem({ id: 'x' }).catch(() => 'read refused too') };`),
    );
    expect(structured.result).toEqual({
      first: ['ToolError', 'not approved: the person denied it'],
      after: 'read refused too',
    });
    expect(structured.toolCalls[0]).toMatchObject({ tool: 'delete_item', ok: false, approved: false });
    expect(recorded(recordFile).some((r) => r.id === 'b1')).toBe(false);
  });

  it('treats a declined request as not approved', async () => {
    answer = async () => ({ action: 'decline' });
    const { structured } = await execute(session, program(caught(`fx.deleteItem({ id: 'c1' })`)));
    expect(structured.result).toEqual(['ToolError', 'not approved: the person declined']);
    expect(recorded(recordFile).some((r) => r.id === 'c1')).toBe(false);
  });

  it('gives up after the approval bound, with the execution timeout paused meanwhile', async () => {
    answer = () => new Promise<ElicitResult>(() => undefined);
    const { structured } = await execute(session, program(caught(`fx.deleteItem({ id: 'd1' })`)));
    // 3 s of waiting inside a 2 s execution limit: the run only survives because its clock stopped.
    expect(structured.error).toBeUndefined();
    expect(structured.result).toEqual(['ToolError', 'not approved: no answer within 3 s']);
    expect(recorded(recordFile).some((r) => r.id === 'd1')).toBe(false);
  }, 20_000);

  it('"approve the rest of this execution" answers every later call, parallel ones included', async () => {
    answer = decide('approve_rest');
    const { structured } = await execute(
      session,
      program(`const one = await fx.deleteItem({ id: 'e1' });
  const more = await Promise.all([fx.deleteItem({ id: 'e2' }), fx.deleteItem({ id: 'e3' })]);
  return [one, ...more];`),
    );
    expect(structured.result).toEqual(['deleted e1', 'deleted e2', 'deleted e3']);
    expect(asked).toHaveLength(1);
    expect(structured.toolCalls.map((c) => c.approved)).toEqual([true, true, true]);
    // The next execution asks again.
    answer = decide('approve');
    await execute(session, program(`return await fx.deleteItem({ id: 'e4' });`));
    expect(asked).toHaveLength(2);
  });

  it('follows a per-tool "approve" and the global approveTools globs; other tools run unasked', async () => {
    answer = decide('approve');
    const { structured } = await execute(
      session,
      program(
        `return [await fx.readItem({ id: 'f1' }), await fx.sendNote({ to: 'bob' }), await callTool('fx', 'log_tool', {})];`,
      ),
    );
    expect(structured.result).toEqual(['item f1', 'sent to bob', 'logged']);
    expect(asked.map((a) => a.message.split('?')[0])).toEqual([
      'Allow the call fx.read_item',
      'Allow the call fx.send_note',
    ]);
    expect(asked[1]!.message).toContain('approveTools pattern "fx.send_*"');
    expect(structured.toolCalls.map((c) => c.approved)).toEqual([true, true, undefined]);
  });
});

describe.skipIf(notRunnable).each([
  ['deny', undefined],
  ['allow', 'allow'],
] as const)('a client that cannot elicit, approvalFallback %s', (mode, fallback) => {
  let box: Sandbox;
  let session: StdioSession;
  let recordFile: string;
  beforeAll(async () => {
    box = sandboxDir(`approvals-${mode}`);
    recordFile = join(box.dir, 'calls.jsonl');
    const config = box.writeConfig({
      mcpServers: { fx: fixtureServer(recordFile) },
      server: { workers: 0, ...(fallback ? { approvalFallback: fallback } : {}) },
    });
    session = await connectStdio(['--config', config], box.env);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    box?.remove();
  });

  it(mode === 'deny' ? 'refuses the destructive call and says why' : 'runs the destructive call unasked', async () => {
    const { structured } = await execute(session, program(caught(`fx.deleteItem({ id: 'g1' })`)));
    if (mode === 'deny') {
      const [name, message] = structured.result as [string, string];
      expect(name).toBe('ToolError');
      expect(message).toMatch(/^not approved: the server marks it destructive, and the client cannot ask a person/);
      expect(message).toContain('"approvalFallback": "allow"');
      expect(structured.toolCalls[0]).toMatchObject({ approved: false, ok: false });
      expect(recorded(recordFile).some((r) => r.id === 'g1')).toBe(false);
    } else {
      expect(structured.result).toBe('deleted g1');
      expect(structured.toolCalls[0]).toMatchObject({ approved: true, ok: true });
      expect(recorded(recordFile).filter((r) => r.id === 'g1')).toHaveLength(1);
    }
    // A tool that needs no consent runs either way.
    const read = await execute(session, program(`return await fx.readItem({ id: 'g2' });`));
    expect(textOf(read.result)).toContain('item g2');
  });
});
