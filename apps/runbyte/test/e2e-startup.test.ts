// What a desktop client sees when it starts Runbyte: the session is answered before any downstream
// server has connected, and nothing heavy is loaded on the way to that first answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PACKAGE_DIR, memoryServer, sandboxDir, whyNotRunnable, type Sandbox } from './support/cli.js';

const STUCK_SERVER = join(PACKAGE_DIR, 'test/fixtures/stuck-server.mjs');
const RECORDER = join(PACKAGE_DIR, 'test/fixtures/record-modules.mjs');
// Each is loaded on first use (or after the session is up), never to answer initialize or tools/list.
const HEAVY = [
  'esbuild-wasm',
  '@swc/wasm',
  'json-schema-to-typescript',
  'quickjs-emscripten-core',
  '@jitl/quickjs-wasmfile-release-asyncify',
  'typescript',
  'prettier',
  'express',
  'node:worker_threads',
];

const skip = await whyNotRunnable();
let sandbox: Sandbox;
let child: ChildProcess;
let moduleLog: string;
const responses = new Map<number, unknown>();

function request(id: number, method: string, params: object = {}): Promise<unknown> {
  child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (responses.has(id)) {
        clearInterval(poll);
        resolve(responses.get(id));
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        reject(new Error(`no answer to ${method}`));
      }
    }, 10);
  });
}

function loadedHeavy(): string[] {
  const urls = readFileSync(moduleLog, 'utf8').split('\n');
  // A builtin is logged by its specifier (node:worker_threads), a package by its path, and a compiler
  // our packages bundle at build time (TypeScript, json-schema-to-typescript) by its vendored file.
  return HEAVY.filter((name) =>
    urls.some((url) =>
      name.startsWith('node:')
        ? url === name
        : url.includes(`/node_modules/${name}/`) || url.endsWith(`/dist/vendor/${name}.cjs`),
    ),
  );
}

describe.skipIf(skip !== undefined)('start-up over stdio', () => {
  beforeAll(() => {
    sandbox = sandboxDir('startup');
    moduleLog = join(sandbox.dir, 'modules.log');
    const config = sandbox.writeConfig({
      mcpServers: {
        memory: memoryServer(sandbox),
        stuck: { command: process.execPath, args: [STUCK_SERVER] },
      },
    });
    child = spawn(process.execPath, ['--import', RECORDER, CLI, '--config', config], {
      env: { ...sandbox.env, RUNBYTE_TEST_MODULE_LOG: moduleLog },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stderr!.resume();
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { id?: number };
      if (typeof message.id === 'number') responses.set(message.id, message);
    });
  });

  afterAll(async () => {
    child?.kill();
    sandbox?.remove();
  });

  it('answers initialize while a downstream server is stuck, without loading the execution pipeline', async () => {
    const answer = (await request(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'startup-test', version: '1.0.0' },
    })) as { result?: { serverInfo?: { name: string } } };
    expect(answer.result?.serverInfo?.name).toBe('runbyte');
    expect(loadedHeavy()).toEqual([]);
  });

  it('answers tools/list the same way', async () => {
    const answer = (await request(2, 'tools/list')) as { result?: { tools: { name: string }[] } };
    expect(answer.result?.tools.map((t) => t.name).sort()).toEqual(['execute_code', 'list_directory', 'read_file']);
    expect(loadedHeavy()).toEqual([]);
  });

  it('loads the pipeline when code runs (the recorder sees it)', async () => {
    const answer = (await request(3, 'tools/call', {
      name: 'execute_code',
      arguments: { code: 'export async function exec() { return 1 + 1; }' },
    })) as { result?: { isError?: boolean } };
    expect(answer.result?.isError).not.toBe(true);
    expect(loadedHeavy()).toEqual(
      expect.arrayContaining(['@swc/wasm', 'quickjs-emscripten-core', 'typescript', 'node:worker_threads']),
    );
  });
});
