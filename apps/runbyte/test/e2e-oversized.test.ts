// Messages past the 10 MiB stdio limit, in both directions: one of them must never end the process or
// the downstream connection for everyone else.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, sandboxDir, waitFor, whyNotRunnable, type Sandbox } from './support/cli.js';

const notRunnable = await whyNotRunnable();

let box: Sandbox;
beforeAll(() => {
  box = sandboxDir('oversized');
});
afterAll(() => box.remove());

describe.skipIf(notRunnable)('runbyte over stdio with an oversized request line', () => {
  it('answers an 11 MiB request with a JSON-RPC error carrying its id, and serves the next request', async () => {
    const child = spawn(process.execPath, [CLI], { env: box.env, cwd: box.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const messages = () =>
      stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { id?: unknown; result?: unknown; error?: { message: string } });
    const response = (id: number) =>
      waitFor(() => messages().find((m) => m.id === id), `the response to request ${id}; stderr: ${stderr}`);
    try {
      const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
      send({
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      });
      await response(1);
      send({ method: 'notifications/initialized' });
      // The TypeScript SDK writes the id last, after the huge params.
      send({
        method: 'tools/call',
        params: { name: 'execute_code', arguments: { code: `return ${JSON.stringify('x'.repeat(11 * 1024 * 1024))}` } },
        id: 2,
      });
      const rejected = await response(2);
      expect(rejected.error?.message).toMatch(/over the stdio limit of 10 MiB/);
      child.stdin.write('{"not json\n');
      send({ id: 3, method: 'tools/list' });
      const listed = (await response(3)) as { result?: { tools: { name: string }[] } };
      expect(listed.result?.tools.map((t) => t.name)).toContain('execute_code');
      expect(messages().some((m) => m.id === null && m.error?.message.startsWith('The message is not JSON'))).toBe(
        true,
      );
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill();
    }
  }, 60_000);
});
