// Drives the built CLI as users and MCP clients do: `node dist/cli.js ...` in a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_DIR = join(PACKAGE_DIR, '../..');
export const CLI = join(PACKAGE_DIR, 'dist/cli.js');
export const DEMO_SERVER = join(PACKAGE_DIR, 'demo/demo-server.mjs');
const MODULES = join(PACKAGE_DIR, 'node_modules/@modelcontextprotocol');
export const MEMORY_SERVER = join(MODULES, 'server-memory/dist/index.js');
export const EVERYTHING_SERVER = join(MODULES, 'server-everything/dist/index.js');
export const INSPECTOR_CLI = join(MODULES, 'inspector-cli/build/index.js');
export const CRASHY_SERVER = join(PACKAGE_DIR, 'test/fixtures/crashy-server.mjs');
export const HTTP_CLIENT = join(PACKAGE_DIR, 'test/fixtures/http-client.mjs');
export { PASS_THROUGH_SERVER } from '@runbyte/test-support';

/** Why the end-to-end tests cannot run yet, or undefined when the built CLI and its pipeline are there. */
export async function whyNotRunnable(): Promise<string | undefined> {
  if (!existsSync(CLI)) return 'apps/runbyte/dist/cli.js is missing: run `pnpm build` first (CI builds before testing)';
  // The CLI runs the built server, which loads the built hub, vfs, bundler and sandbox. Load the same
  // files in plain node (vitest's module transform would hide a missing named export).
  const serverDist = pathToFileURL(join(REPO_DIR, 'packages/server/dist/index.js')).href;
  const probe = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(serverDist)}); if (typeof m.createRunbyte !== 'function') throw new Error('no createRunbyte');`,
    ],
    { encoding: 'utf8' },
  );
  const missing =
    probe.status === 0 ? undefined : (/(SyntaxError|Error): (.*)/.exec(probe.stderr)?.[2] ?? 'it does not load');
  return missing
    ? `the built pipeline does not load yet (${missing}): run \`pnpm build\` once every package builds`
    : undefined;
}

export interface Sandbox {
  dir: string;
  home: string;
  /** Environment for the CLI: isolated HOME and data dirs, no RUNBYTE_* from the developer's shell. */
  env: Record<string, string>;
  writeConfig(config: unknown, name?: string): string;
  remove(): void;
}

export function sandboxDir(prefix: string): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), `runbyte-cli-${prefix}-`));
  const home = join(dir, 'home');
  mkdirSync(home);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('RUNBYTE_')) env[key] = value;
  Object.assign(env, { HOME: home, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(home, '.config') });
  return {
    dir,
    home,
    env,
    writeConfig(config, name = 'runbyte.json') {
      const file = join(dir, name);
      writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function memoryServer(sandbox: Sandbox): Record<string, unknown> {
  return {
    command: process.execPath,
    args: [MEMORY_SERVER],
    env: { MEMORY_FILE_PATH: join(sandbox.dir, 'memory.jsonl') },
  };
}

export function everythingServer(): Record<string, unknown> {
  return { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] };
}

/** The demo server with a marker argument, so the test can find its process (and prove it is gone). */
export function markedDemoServer(marker: string): Record<string, unknown> {
  return { command: process.execPath, args: [DEMO_SERVER, marker] };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (a one-shot command, or serve with stdin closed). */
export function runCli(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env,
      cwd: options.cwd ?? REPO_DIR,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runbyte ${args.join(' ')} did not finish in time.\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface StdioSession {
  client: Client;
  stderr(): string;
  pid: number;
  close(): Promise<void>;
}

/** An MCP client that started `runbyte` over stdio, as Claude Desktop does. */
export async function connectStdio(
  args: string[],
  env: Record<string, string>,
  cwd = REPO_DIR,
  capabilities: ClientCapabilities = {},
): Promise<StdioSession> {
  return connectCommand(process.execPath, [CLI, ...args], env, cwd, capabilities);
}

/** An MCP client over stdio to any command (the CLI, or an image's entry command), with its stderr kept. */
export async function connectCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  capabilities: ClientCapabilities = {},
): Promise<StdioSession> {
  const transport = new StdioClientTransport({ command, args, env, cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const client = new Client({ name: 'runbyte-e2e', version: '1.0.0' }, { capabilities });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`could not connect: ${(error as Error).message}\nstderr:\n${stderr}`);
  }
  return { client, stderr: () => stderr, pid: transport.pid ?? -1, close: () => client.close() };
}

export interface HttpProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `runbyte --transport http --port 0` and waits for the URL it prints on stderr. */
export function startHttp(args: string[], env: Record<string, string>): Promise<HttpProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--transport', 'http', '--port', '0', ...args], {
      env,
      cwd: REPO_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runbyte over HTTP did not start.\nstderr:\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      const match = /serving MCP on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match && timer) {
        clearTimeout(timer);
        const url = match[1]!;
        resolve({
          url,
          origin: new URL(url).origin,
          child,
          stderr: () => stderr,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runbyte exited with ${code} before listening.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
}

/** PIDs of live processes whose command line contains the marker. */
export function processesWith(marker: string): number[] {
  const out = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content ?? [];
  return content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ClientRun {
  tools?: string[];
  results?: {
    isError?: boolean;
    content: { type: string; text?: string }[];
    structuredContent?: Record<string, unknown>;
  }[];
  error?: string;
}

/** Connects with the SDK's Client in a separate process, lists the tools, makes the calls in order. */
export function httpClient(
  url: string,
  token: string | undefined,
  calls: { tool: string; args: Record<string, unknown> }[] = [],
): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HTTP_CLIENT, url, token ?? '-', JSON.stringify(calls)], { cwd: REPO_DIR });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout) as ClientRun);
      } catch {
        reject(new Error(`the client printed no JSON.\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}
