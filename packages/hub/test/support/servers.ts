import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CallToolResult, Hub, Logger, ServerState, StdioServerConfig } from '../../src/index.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const modules = join(packageRoot, 'node_modules', '@modelcontextprotocol');

export const FIXTURE = join(packageRoot, 'test', 'fixtures', 'test-server.mjs');

/** The real servers from node_modules, started with the node running the tests (never npx). */
export const everything = (): StdioServerConfig => ({
  command: process.execPath,
  args: [join(modules, 'server-everything', 'dist', 'index.js'), 'stdio'],
});
export const memory = (memoryFile: string): StdioServerConfig => ({
  command: process.execPath,
  args: [join(modules, 'server-memory', 'dist', 'index.js')],
  env: { MEMORY_FILE_PATH: memoryFile },
});
export const filesystem = (allowedDir: string): StdioServerConfig => ({
  command: process.execPath,
  args: [join(modules, 'server-filesystem', 'dist', 'index.js'), allowedDir],
});
export const fixtureStdio = (...args: string[]): StdioServerConfig => ({
  command: process.execPath,
  args: [FIXTURE, ...args],
});

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'runbyte-hub-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface HttpFixture {
  port: number;
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The fixture over HTTP, as a child process (so its `crash` tool really ends the server). */
export async function startHttpFixture(...args: string[]): Promise<HttpFixture> {
  const child = spawn(process.execPath, [FIXTURE, '--http', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${stderr}`)));
  });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** An HTTP server that accepts connections and never answers. */
export async function startHangingHttpServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface LogEntry {
  level: keyof Logger;
  msg: string;
  data?: object;
}

export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: keyof Logger) => (msg: string, data?: object) =>
    void entries.push({ level, msg, ...(data ? { data } : {}) });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Resolves with the first state of `server` that matches. */
export function waitForStatus(
  hub: Hub,
  server: string,
  predicate: (state: ServerState) => boolean,
  timeoutMs = 20_000,
): Promise<ServerState> {
  const current = hub.server(server);
  if (current && predicate(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`server ${server} never reached the expected state; last: ${JSON.stringify(hub.server(server))}`),
      );
    }, timeoutMs);
    const off = hub.on('statusChanged', (state) => {
      if (state.name === server && predicate(state)) {
        clearTimeout(timer);
        off();
        resolve(state);
      }
    });
  });
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command lines of this process's live children (Linux `ps`). */
export function childCommands(): string[] {
  try {
    return execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('ps '));
  } catch {
    return []; // ps exits 1 when there are no children
  }
}
