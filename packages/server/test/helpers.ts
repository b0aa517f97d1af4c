import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runbyte, RunbyteConfig } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Real downstream servers, started with this node and their bin file from node_modules (never npx). */
export function memoryServer(memoryFile: string): RunbyteConfig['mcpServers'][string] {
  return {
    command: process.execPath,
    args: [join(packageDir, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')],
    env: { MEMORY_FILE_PATH: memoryFile },
  };
}

export function everythingServer(): RunbyteConfig['mcpServers'][string] {
  return {
    command: process.execPath,
    args: [join(packageDir, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
  };
}

export function labServer(): RunbyteConfig['mcpServers'][string] {
  return { command: process.execPath, args: [join(packageDir, 'test/fixtures/lab-server.mjs')] };
}

/** Tools whose results shape varies by call; LEARN_DESCRIPTION changes get_user's definition. */
export function learnServer(description?: string): RunbyteConfig['mcpServers'][string] {
  return {
    command: process.execPath,
    args: [join(packageDir, 'test/fixtures/learn-server.mjs')],
    ...(description !== undefined ? { env: { LEARN_DESCRIPTION: description } } : {}),
  };
}

/** A process that never answers `initialize`: it stays "connecting" until the connect timeout. */
export function stuckServer(): RunbyteConfig['mcpServers'][string] {
  return { command: process.execPath, args: [join(packageDir, 'test/fixtures/stuck-server.mjs')] };
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `runbyte-server-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real MCP client connected in-process to a fresh McpServer of the given Runbyte. */
export async function connectInMemory(runbyte: Runbyte): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = runbyte.createMcpServer();
  await server.connect(serverSide);
  const client = new Client({ name: 'runbyte-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content ?? [];
  return content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
