// What a server reports or asks during a call reaches that call's caller, and only when no other
// caller's call could be the one it belongs to. A real SDK server over stdio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElicitResult, LoggingMessageNotification, Progress } from '@modelcontextprotocol/sdk/types.js';
import { PASS_THROUGH_SERVER } from '@runbyte/test-support';
import { createHub, type Hub } from '../src/index.js';

const FIXTURE = PASS_THROUGH_SERVER;
const textOf = (result: { content?: unknown }) => (result.content as { text: string }[])[0]!.text;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hub pass-through', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = createHub({ fx: { command: process.execPath, args: [FIXTURE] } });
    await hub.start();
  }, 30_000);
  afterAll(() => hub?.close());

  it('hands the server progress of a call to its onProgress', async () => {
    const progress: Progress[] = [];
    const result = await hub.callTool('fx', 'progress_tool', {}, { onProgress: (p) => void progress.push(p) });
    expect(textOf(result)).toBe('progressed');
    expect(progress.map((p) => p.message)).toEqual(['step 1 of 3', 'step 2 of 3', 'step 3 of 3']);
  });

  it("hands a log message to the only caller in flight, and to nobody when another caller's call is", async () => {
    const mine: LoggingMessageNotification['params'][] = [];
    const onLog = (m: LoggingMessageNotification['params']) => void mine.push(m);
    await hub.callTool('fx', 'log_tool', {}, { onLog });
    expect(mine).toEqual([{ level: 'warning', logger: 'fixture', data: 'hello from log_tool' }]);

    const theirs: unknown[] = [];
    const controller = new AbortController();
    const other = hub
      .callTool('fx', 'slow_tool', {}, { signal: controller.signal, onLog: (m) => void theirs.push(m) })
      .catch(() => 'aborted');
    await wait(200);
    await hub.callTool('fx', 'log_tool', {}, { onLog });
    controller.abort();
    expect(await other).toBe('aborted');
    expect(mine).toHaveLength(1);
    expect(theirs).toEqual([]);
  });

  it('answers an elicitation with the caller onElicit, with the call timeout stopped while it waits', async () => {
    const onElicit = async (): Promise<ElicitResult> => {
      await wait(800);
      return { action: 'accept', content: { name: 'Ada' } };
    };
    // 800 ms of waiting inside a 300 ms call timeout.
    const result = await hub.callTool('fx', 'ask_tool', {}, { onElicit, timeoutMs: 300 });
    expect(textOf(result)).toBe('Hello Ada');
  });

  it('declines an elicitation when the caller has no onElicit', async () => {
    const result = await hub.callTool('fx', 'ask_tool', {});
    expect(textOf(result)).toBe('no name (decline)');
  });

  it('still times a call out on its own timer', async () => {
    await expect(hub.callTool('fx', 'slow_tool', {}, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
