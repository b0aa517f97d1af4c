// A server with a hostile ~230 KB schema through the built CLI (issue #13 item 6): the listing
// completes, that tool gets a permissive Args with a note, the server's other tool keeps its type.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR, runCli, sandboxDir, whyNotRunnable } from './support/cli.js';

const HUGE_SCHEMA_SERVER = join(PACKAGE_DIR, 'test/fixtures/huge-schema-server.mjs');
const notRunnable = await whyNotRunnable();

describe.skipIf(notRunnable)('a server with a huge schema of mutually referring $defs', () => {
  it('lists, gives the hostile tool a permissive Args with a note, and types the other tool', async () => {
    const box = sandboxDir('huge-schema');
    try {
      const config = box.writeConfig({
        mcpServers: { huge: { command: process.execPath, args: [HUGE_SCHEMA_SERVER] } },
      });
      const hostile = await runCli(['cat', '/servers/huge/hostile.ts', '--config', config], { env: box.env });
      expect(hostile.code, hostile.stderr).toBe(0);
      expect(hostile.stdout).toContain('The input schema is 224 KiB of JSON, more than the 62.5 KiB converted');
      expect(hostile.stdout).toMatch(/export (type|interface) Args[^]*\[k: string\]: unknown/);
      const fine = await runCli(['cat', '/servers/huge/fine.ts', '--config', config], { env: box.env });
      expect(fine.code, fine.stderr).toBe(0);
      expect(fine.stdout).toMatch(/q: string/);
    } finally {
      box.remove();
    }
  }, 60_000);
});
