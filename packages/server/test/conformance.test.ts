import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServerHandle, Runbyte } from '../src/index.js';
import { labServer, tempDir, type TempDir } from './helpers.js';
import { createRunbyte, serveHttp } from '../src/index.js';

// The official MCP conformance suite needs Node 22 (the `node@22` npm package, ~185 MB) and
// `@modelcontextprotocol/conformance`. They are not devDependencies, to keep installs small; the test
// runs when both are present (in node_modules, or named by RUNBYTE_CONFORMANCE_NODE and
// RUNBYTE_CONFORMANCE_CLI) and never downloads anything. See README.md for the manual command.
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
const node22 = process.env.RUNBYTE_CONFORMANCE_NODE ?? join(modules, 'node/bin/node');
const cli = process.env.RUNBYTE_CONFORMANCE_CLI ?? join(modules, '@modelcontextprotocol/conformance/dist/index.js');
const available = existsSync(node22) && existsSync(cli);
// The scenarios that apply to a gateway whose only tools are the three Runbyte tools; the others need
// the reference server's fixture tools, resources and prompts.
const SCENARIOS = [
  'dns-rebinding-protection',
  'server-initialize',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
];

describe.skipIf(!available)(
  available
    ? 'official MCP conformance scenarios'
    : 'official MCP conformance scenarios (skipped: node@22 and @modelcontextprotocol/conformance are not installed; .ci/run installs them)',
  () => {
    let dir: TempDir;
    let runbyte: Runbyte;
    let http: HttpServerHandle;

    beforeAll(async () => {
      dir = tempDir('conformance');
      runbyte = await createRunbyte({ mcpServers: { lab: labServer() }, server: { workspaceDir: dir.path } });
      http = await serveHttp(runbyte, { port: 0 });
    });

    afterAll(async () => {
      await http?.close();
      await runbyte?.close();
      dir?.remove();
    });

    it.each(SCENARIOS)(
      'passes %s',
      async (scenario) => {
        const { stdout } = await promisify(execFile)(
          node22,
          [cli, 'server', '--url', http.url, '--scenario', scenario],
          {
            timeout: 60_000,
            env: { ...process.env, NO_COLOR: '1' },
          },
        );
        const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
        expect(plain).toMatch(/Passed: \d+\/\d+, 0 failed/);
      },
      90_000,
    );
  },
);
