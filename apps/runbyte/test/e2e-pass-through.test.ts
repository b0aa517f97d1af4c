// What a downstream server reports or asks during a call reaches the client that started the execution,
// and cancelling execute_code cancels the downstream call: the built CLI over stdio, the SDK client, and
// a fixture server that records what it saw.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type CallToolResult,
  type ElicitRequest,
  type LoggingMessageNotification,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import {
  connectStdio,
  sandboxDir,
  textOf,
  waitFor,
  whyNotRunnable,
  type Sandbox,
  type StdioSession,
} from './support/cli.js';
import { execute, fixtureServer, recorded } from './support/pass-through.js';

const notRunnable = await whyNotRunnable();

const call = (tool: string) => `import { callTool } from './servers/_runtime';
export async function exec() { return await callTool('fx', '${tool}', {}); }`;

describe.skipIf(notRunnable)('pass-through of downstream progress, logs, elicitation and cancellation', () => {
  let box: Sandbox;
  let session: StdioSession;
  let recordFile: string;
  const logs: LoggingMessageNotification['params'][] = [];
  const asked: ElicitRequest['params'][] = [];

  beforeAll(async () => {
    box = sandboxDir('pass-through');
    recordFile = join(box.dir, 'calls.jsonl');
    const config = box.writeConfig({ mcpServers: { fx: fixtureServer(recordFile) }, server: { workers: 1 } });
    session = await connectStdio(['--config', config], box.env, undefined, { elicitation: {} });
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    session.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      return { action: 'accept', content: { name: 'Ada' } };
    });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    box?.remove();
  });

  it('forwards the server progress as progress of execute_code', async () => {
    const progress: Progress[] = [];
    const result = (await session.client.callTool(
      { name: 'execute_code', arguments: { code: call('progress_tool') } },
      undefined,
      { onprogress: (p) => void progress.push(p) },
    )) as CallToolResult;
    expect(textOf(result)).toContain('progressed');
    const forwarded = progress.filter((p) => p.message?.startsWith('fx.progress_tool:'));
    expect(forwarded.map((p) => p.message)).toEqual([
      'fx.progress_tool: step 1 of 3',
      'fx.progress_tool: step 2 of 3',
      'fx.progress_tool: step 3 of 3',
    ]);
    // The MCP rule: progress increases with every notification.
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
  });

  it('forwards the server log messages, naming the server', async () => {
    const { structured } = await execute(session, call('log_tool'));
    expect(structured.result).toBe('logged');
    await waitFor(() => logs.length > 0, 'the forwarded log message', 5_000);
    expect(logs).toContainEqual({ level: 'warning', logger: 'fx/fixture', data: 'hello from log_tool' });
  });

  it('forwards an elicitation request to the client and returns its answer to the server', async () => {
    const { structured } = await execute(session, call('ask_tool'));
    expect(structured.result).toBe('Hello Ada');
    expect(asked.map((a) => a.message)).toEqual(['What is your name?']);
    expect(recorded(recordFile).find((r) => r.tool === 'ask_tool')).toMatchObject({
      answer: { action: 'accept', content: { name: 'Ada' } },
    });
  });

  it('cancelling execute_code sends notifications/cancelled to the downstream server', async () => {
    const controller = new AbortController();
    const running = session.client
      .callTool({ name: 'execute_code', arguments: { code: call('slow_tool') } }, undefined, {
        signal: controller.signal,
      })
      .catch((error: unknown) => error);
    await waitFor(
      () => recorded(recordFile).some((r) => r.tool === 'slow_tool' && r.event === 'started'),
      'the slow call to start',
    );
    controller.abort('the user stopped it');
    expect(await running).toBeInstanceOf(Error);
    await waitFor(
      () => recorded(recordFile).some((r) => r.tool === 'slow_tool' && r.event === 'cancelled'),
      'the downstream server to receive notifications/cancelled',
      10_000,
    );
  });
});
