import { describe, expect, it } from 'vitest';
import { createRunbyte, type Logger } from '../src/index.js';
import { tempDir } from './helpers.js';

describe('server.timeout given to createRunbyte', () => {
  it('warns an embedder through its logger when 1000 or more seconds look like milliseconds', async () => {
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (msg) => void warnings.push(msg) };
    const dir = tempDir('timeout-warning');
    for (const timeout of [30, 30_000]) {
      const runbyte = await createRunbyte({ mcpServers: {}, server: { timeout, workspaceDir: dir.path } }, { logger });
      await runbyte.close();
    }
    dir.remove();
    expect(warnings).toEqual([
      'server.timeout is 30000 seconds (8.3 hours); the value is in seconds since the original Runbyte documents "timeout": 30, did you mean 30?',
    ]);
  });
});
