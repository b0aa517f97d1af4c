// Tool filtering and disabled servers through the built CLI with the SDK client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectStdio,
  everythingServer,
  memoryServer,
  sandboxDir,
  textOf,
  whyNotRunnable,
  type Sandbox,
  type StdioSession,
} from './support/cli.js';

const notRunnable = await whyNotRunnable();

describe.skipIf(notRunnable)('runbyte with tool filters and a disabled server', () => {
  let box: Sandbox;
  let session: StdioSession;
  beforeAll(async () => {
    box = sandboxDir('filter');
    const config = box.writeConfig({
      mcpServers: {
        everything: { ...everythingServer(), tools: { deny: ['echo'] }, disabledTools: ['get-sum'] },
        memory: { ...memoryServer(box), disabled: true },
      },
    });
    session = await connectStdio(['--config', config], box.env);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    box?.remove();
  });

  it('leaves hidden tools and the disabled server out of /servers', async () => {
    const root = await session.client.callTool({ name: 'list_directory', arguments: { path: '/servers' } });
    expect(textOf(root)).toContain('everything');
    expect(textOf(root)).not.toContain('memory');
    const listing = await session.client.callTool({
      name: 'list_directory',
      arguments: { path: '/servers/everything' },
    });
    expect(textOf(listing)).toContain('getTinyImage.ts');
    expect(textOf(listing)).not.toContain('echo.ts');
    expect(textOf(listing)).not.toContain('getSum.ts');
  });

  it('refuses a hidden tool called by its raw name, and the guest can catch it', async () => {
    const run = await session.client.callTool({
      name: 'execute_code',
      arguments: {
        code: `import { callTool } from './servers/_runtime';
export async function exec() {
  try {
    await callTool('everything', 'echo', { message: 'hi' });
    return 'called';
  } catch (error) {
    return String((error as Error).message);
  }
}`,
      },
    });
    expect(run.isError, textOf(run)).toBeFalsy();
    const result = (run.structuredContent as { result: string }).result;
    expect(result).toContain("hidden by the config's tool filter");
    expect(result).toContain('"deny" pattern "echo"');
  });
});
