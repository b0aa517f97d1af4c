import { createHub, type Hub, type ServerConfig } from '@runbyte/hub';
import {
  createVfs,
  createWorkspace,
  workspaceModuleSource,
  WORKSPACE_MODULE,
  type Vfs,
  type Listing,
} from '@runbyte/vfs';
import { createBundler } from '@runbyte/bundler';
import { createSandbox, type Limits } from '@runbyte/sandbox';
import { availableParallelism } from 'node:os';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createExecutor, type ExecuteOptions, type ExecuteOutcome } from './execute.js';
import { createMcpServer } from './mcp-server.js';
import { RunbyteError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';

export interface RunbyteServerSettings {
  port?: number;
  host?: string;
  /** Execution timeout in ms (default 30 000). */
  timeout?: number;
  /** Memory limit of one execution in MiB (default 256). */
  memoryLimitMb?: number;
  /**
   * Worker threads that run executions (default: the number of CPUs, at most 4). Code that loops or
   * computes then never stalls the server, other sessions or downstream calls, and a cancellation stops
   * it at once. 0 runs executions on the main thread (a little faster per tool call, no isolation).
   */
  workers?: number;
  workspaceDir?: string;
  authToken?: string;
  stateless?: boolean;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  sessionTtlMs?: number;
  /** Check tool arguments against each tool's inputSchema before calling the server (default true). */
  validateArguments?: boolean;
}

export interface RunbyteConfig {
  /** The Claude Desktop shape: server name → how to reach it. */
  mcpServers: Record<string, ServerConfig>;
  server?: RunbyteServerSettings;
}

export interface RunbyteOptions {
  logger?: Logger;
  /** How often a running execution reports progress to clients that asked for it (default 1000 ms). */
  progressIntervalMs?: number;
}

export interface Runbyte {
  readonly config: RunbyteConfig;
  readonly hub: Hub;
  readonly vfs: Vfs;
  readonly logger: Logger;
  listDirectory(path?: string, options?: { withDescriptions?: boolean }): Promise<Listing>;
  readFile(path: string): Promise<string>;
  executeCode(code: string, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** A new MCP server with the three tools; one per client session, all sharing this Runbyte. */
  createMcpServer(): McpServer;
  /** Cancels running executions, disconnects clients and closes the downstream servers. Idempotent. */
  close(): Promise<void>;
}

/** Starts the hub and wires hub → vfs → bundler → sandbox. Resolves once every downstream server has
 * connected or failed its first attempt (a failing server is reported, never fatal). */
export async function createRunbyte(config: RunbyteConfig, options: RunbyteOptions = {}): Promise<Runbyte> {
  const logger = options.logger ?? silentLogger;
  const settings = config.server ?? {};
  const limits: Partial<Limits> = {};
  if (settings.timeout !== undefined) limits.timeoutMs = positive(settings.timeout, 'server.timeout');
  if (settings.memoryLimitMb !== undefined) {
    limits.memoryBytes = positive(settings.memoryLimitMb, 'server.memoryLimitMb') * 1024 * 1024;
  }

  const workers = settings.workers ?? Math.min(4, availableParallelism());
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RunbyteError(
      'INVALID_OPTIONS',
      `server.workers must be a whole number (0 runs executions on the main thread), got ${JSON.stringify(workers)}.`,
      { option: 'server.workers', value: workers },
    );
  }
  // The hub validates the servers' config: before any worker thread starts.
  const hub = createHub(config.mcpServers ?? {}, { logger, validateArguments: settings.validateArguments !== false });
  const sandbox = await createSandbox({ limits, workers, logger });
  const workspace = createWorkspace(settings.workspaceDir ? { dir: settings.workspaceDir } : {});
  const vfs = createVfs({ catalog: hub, workspace });
  const bundler = createBundler({ modules: vfs.modules, builtins: { [WORKSPACE_MODULE]: workspaceModuleSource() } });

  // A changed tool set regenerates that server's files on next access (a status change alone does not:
  // listings read the status live, and the generated files depend only on the tools).
  const unsubscribe = [
    hub.on('toolsChanged', (server) => {
      logger.debug('downstream tools changed', { server });
      vfs.invalidate(server);
    }),
  ];

  const running = new Set<AbortController>();
  const servers = new Set<McpServer>();
  let closed = false;

  const execute = createExecutor({
    hub,
    bundler,
    sandbox,
    workspace,
    limits,
    progressIntervalMs: options.progressIntervalMs ?? 1000,
    logger,
  });

  await hub.start();

  const runbyte: Runbyte = {
    config,
    hub,
    vfs,
    logger,
    listDirectory: (path = '/', listOptions) => vfs.list(path, listOptions),
    readFile: (path) => vfs.read(path),
    async executeCode(code, executeOptions = {}) {
      if (closed) throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new executions are accepted.');
      const controller = new AbortController();
      running.add(controller);
      const signal = executeOptions.signal
        ? AbortSignal.any([executeOptions.signal, controller.signal])
        : controller.signal;
      try {
        return await execute(code, { ...executeOptions, signal });
      } finally {
        running.delete(controller);
      }
    },
    createMcpServer() {
      if (closed) throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new sessions are accepted.');
      const server = createMcpServer(runbyte);
      servers.add(server);
      const onclose = server.server.onclose;
      server.server.onclose = () => {
        servers.delete(server);
        onclose?.();
      };
      return server;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const controller of running) controller.abort(new RunbyteError('CLOSED', 'Runbyte is shutting down.'));
      for (const off of unsubscribe) off();
      await Promise.allSettled([...servers].map((server) => server.close()));
      await Promise.allSettled([hub.close(), bundler.dispose(), sandbox.dispose()]);
    },
  };
  return runbyte;
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RunbyteError('INVALID_OPTIONS', `${name} must be a positive number, got ${JSON.stringify(value)}.`, {
      option: name,
      value,
    });
  }
  return value;
}
