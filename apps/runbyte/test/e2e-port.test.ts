// `runbyte --transport http` on a port that is taken: it must say so at once, before spawning anything.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandboxDir, whyNotRunnable, type Sandbox } from './support/cli.js';

const skip = await whyNotRunnable();

describe.skipIf(skip !== undefined)('HTTP port in use', () => {
  let sandbox: Sandbox;
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    sandbox = sandboxDir('port');
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    sandbox.remove();
  });

  it('fails with a clear error before any downstream server is started', async () => {
    const marker = join(sandbox.dir, 'started');
    // A downstream "server" that only leaves a mark that it was started.
    const config = sandbox.writeConfig({
      mcpServers: { mark: { command: 'sh', args: ['-c', `touch '${marker}'; sleep 5`] } },
    });
    const result = await runCli(['--transport', 'http', '--port', String(port), '--config', config], {
      env: sandbox.env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(result.stdout).toBe('');
    expect(existsSync(marker)).toBe(false);
  });
});
