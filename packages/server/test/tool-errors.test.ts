// A failing tool call is reported at the agent's own line, named by server and tool, through the whole
// pipeline (real downstream server, codegen's runtime, bundler, sandbox).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunbyte, describeFailure, type Runbyte } from '../src/index.js';
import { labServer } from './helpers.js';

let runbyte: Runbyte;
beforeAll(async () => {
  runbyte = await createRunbyte({ mcpServers: { lab: labServer() }, server: { workers: 0 } });
});
afterAll(() => runbyte?.close());

const AGENT = `import { lab } from './servers';

export async function exec() {
  const before = 1;
  await lab.fail({});
  return before;
}
`;

describe('a failing tool call', () => {
  it('points at the agent line that made the call and names server.tool', async () => {
    const outcome = await runbyte.executeCode(AGENT, { filename: 'agent.ts' });
    if (outcome.ok) throw new Error('expected the execution to fail');
    expect(outcome.message).toBe('lab.fail failed: ToolError: the lab tool failed on purpose');
    expect(outcome.location).toMatchObject({ file: 'agent.ts', line: 5 });
    expect(outcome.frame).toContain('> 5 |   await lab.fail({});');
    expect(outcome.toolCalls).toMatchObject([{ server: 'lab', tool: 'fail', ok: false }]);
    // What the agent reads leads with the call and where it was made.
    expect(describeFailure(outcome)).toMatch(/^lab\.fail failed at agent\.ts:5:\d+: the lab tool failed on purpose\n/);
  });
});
