// "__proto__" as an argument key, a result key and a server name, through the built CLI (issue #13
// item 18): refused with a clear error where the SDK would drop the key silently, never a prototype.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectStdio,
  PACKAGE_DIR,
  runCli,
  sandboxDir,
  textOf,
  whyNotRunnable,
  type Sandbox,
  type StdioSession,
} from './support/cli.js';

const ECHO_ARGS_SERVER = join(PACKAGE_DIR, 'test/fixtures/echo-args-server.mjs');
const notRunnable = await whyNotRunnable();

describe.skipIf(notRunnable)('"__proto__" keys through the sandbox bridge and the hub', () => {
  let box: Sandbox;
  let session: StdioSession;
  beforeAll(async () => {
    box = sandboxDir('proto');
    const config = box.writeConfig({
      mcpServers: { echo: { command: process.execPath, args: [ECHO_ARGS_SERVER] } },
    });
    session = await connectStdio(['--config', config], box.env);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    box?.remove();
  });

  it('refuses a "__proto__" argument key with a clear error (an SDK-built server would drop it silently)', async () => {
    const run = await session.client.callTool({
      name: 'execute_code',
      arguments: {
        code: `import { callTool } from './servers/_runtime';
export async function exec() {
  const args = JSON.parse('{"a": 2, "nested": {"__proto__": {"x": 1}}}');
  try {
    return await callTool('echo', 'echo', args);
  } catch (error) {
    return String((error as Error).message);
  }
}`,
      },
    });
    expect(run.isError, textOf(run)).toBeFalsy();
    const result = (run.structuredContent as { result: string }).result;
    expect(result).toContain('arguments.nested.__proto__ is a key named "__proto__"');
    expect(result).toContain('rename the key');
  });

  it('refuses a result with a "__proto__" key with a clear error, instead of the silently changed data', async () => {
    const run = await session.client.callTool({
      name: 'execute_code',
      arguments: {
        code: `import { callTool } from './servers/_runtime';
export async function exec() {
  try {
    await callTool('echo', 'echo', { a: 2 });
    return 'no error';
  } catch (error) {
    return { message: String((error as Error).message), polluted: ({} as { polluted?: number }).polluted ?? null };
  }
}`,
      },
    });
    expect(run.isError, textOf(run)).toBeFalsy();
    const result = (run.structuredContent as { result: { message: string; polluted: unknown } }).result;
    expect(result.message).toContain('a key named "__proto__" (at result.structuredContent.__proto__)');
    expect(result.message).toContain('rename that key');
    expect(result.polluted).toBeNull();
    // The connection stays usable: the refusal is that call's error alone.
    const again = await session.client.callTool({
      name: 'execute_code',
      arguments: { code: `export async function exec() { return 1; }` },
    });
    expect((again.structuredContent as { result: unknown }).result).toBe(1);
  });
});

describe.skipIf(notRunnable)('a server named "__proto__" in the config', () => {
  it('is refused with a clear error instead of vanishing', async () => {
    const box = sandboxDir('proto-name');
    try {
      const config = box.writeConfig(
        `{"mcpServers": {"__proto__": {"command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(ECHO_ARGS_SERVER)}]}}}`,
      );
      const result = await runCli(['ls', '/servers', '--config', config], { env: box.env, timeoutMs: 60_000 });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('"__proto__" cannot be a server name (it is reserved');
    } finally {
      box.remove();
    }
  }, 60_000);
});
