// The Runbyte packages are loaded at run time, through the contracts in docs/architecture.md, so this
// package builds (and the parts that do not need them run) even while one of them is not built yet.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StdioConfig } from './downstream.js';

export interface ListingLike {
  path: string;
  entries: { name: string; type: string; description?: string }[];
  text: string;
}

export type OutcomeLike =
  | { ok: true; result: unknown; durationMs: number; toolCalls: unknown[] }
  | { ok: false; phase: string; message: string; durationMs: number; toolCalls: unknown[] };

export interface RunbyteLike {
  /** Resolves once every downstream server has connected or failed its first attempt. */
  readonly ready: Promise<void>;
  servers(): { name: string; status: string; error?: string; tools: unknown[] }[];
  callTool(server: string, tool: string, args: Record<string, unknown> | undefined): Promise<unknown>;
  listDirectory(path?: string, options?: { withDescriptions?: boolean; query?: string }): Promise<ListingLike>;
  readFile(path: string): Promise<string>;
  executeCode(code: string): Promise<OutcomeLike>;
  createMcpServer(): McpServer;
  close(): Promise<void>;
}

export interface ServerModule {
  createRunbyte(config: {
    mcpServers: Record<string, StdioConfig | { type: 'http'; url: string }>;
    server?: { workspaceDir?: string; workers?: number; validateArguments?: boolean };
  }): Promise<RunbyteLike>;
  INSTRUCTIONS: string;
}

export interface VfsLike {
  list(path?: string, options?: { withDescriptions?: boolean; query?: string }): Promise<ListingLike>;
  read(path: string): Promise<string>;
  readonly modules: { read(path: string): Promise<string | undefined> };
}

export interface VfsModule {
  createVfs(options: {
    catalog: { servers(): { name: string; status: 'ready'; tools: unknown[]; toolsVersion: number }[] };
    workspace?: { dir: string };
  }): VfsLike;
  workspaceModuleSource(): string;
  WORKSPACE_MODULE: string;
}

export interface BundleLike {
  entry: string;
  modules: Record<string, { code: string; map?: string }>;
  links: Record<string, Record<string, string>>;
  exportName: string;
}

export interface BundlerModule {
  createBundler(options: {
    modules: { read(path: string): Promise<string | undefined> };
    builtins?: Record<string, string>;
  }): {
    bundle(code: string): Promise<BundleLike>;
    dispose(): Promise<void>;
  };
}

export type RunResultLike =
  { ok: true; value: unknown; durationMs: number } | { ok: false; error: { kind: string; message: string } };

export interface SandboxModule {
  createSandbox(options?: object): Promise<{
    run(
      input: BundleLike | string,
      options?: { hostFunctions?: Record<string, (args: unknown[]) => unknown> },
    ): Promise<RunResultLike>;
  }>;
}

/** Imports a workspace package by name; a missing or unbuilt one is an error naming the package. */
export async function load<T>(specifier: string, needs: string[]): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `${specifier} could not be loaded (${(error as Error).message.split('\n')[0]}); run \`pnpm build\` first.`,
    );
  }
  const missing = needs.filter((name) => mod[name] === undefined);
  if (missing.length)
    throw new Error(`${specifier} does not export ${missing.join(', ')} yet (see docs/architecture.md).`);
  return mod as T;
}

export const loadServer = () => load<ServerModule>('@runbyte/server', ['createRunbyte', 'INSTRUCTIONS']);
export const loadVfs = () =>
  load<VfsModule>('@runbyte/vfs', ['createVfs', 'workspaceModuleSource', 'WORKSPACE_MODULE']);
export const loadBundler = () => load<BundlerModule>('@runbyte/bundler', ['createBundler']);
export const loadSandbox = () => load<SandboxModule>('@runbyte/sandbox', ['createSandbox']);

/** Resolves when every downstream server is ready (the hub retries slow starters with backoff), or
 * after `timeoutMs` with the servers that are still not ready. */
export async function waitReady(runbyte: RunbyteLike, timeoutMs = 120_000): Promise<string[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const down = runbyte.servers().filter((s) => s.status !== 'ready');
    if (down.length === 0 || performance.now() > deadline) return down.map((s) => `${s.name}: ${s.error ?? s.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
