import { createHub, type CredentialStore, type Hub, type ServerConfig, type ToolFilter } from '@runbyte/hub';
import {
  createVfs,
  createWorkspace,
  defaultDataDir,
  workspaceModuleSource,
  SKILLS_PATH,
  WORKSPACE_MODULE,
  type Vfs,
  type Listing,
} from '@runbyte/vfs';
import type { Limits } from '@runbyte/sandbox';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ExecuteOptions, ExecuteOutcome } from './execute.js';
import { importHints } from './import-hints.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import { importedServers, serversSettled, unavailableImports, withinMs } from './readiness.js';
import { createMcpServer } from './mcp-server.js';
import { RunbyteError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { timeoutWarning } from './timeout-warning.js';
import { createApprovals, DEFAULT_APPROVAL_TIMEOUT_MS, type ApprovalFallback, type ApprovalRule } from './approvals.js';
import { DEFAULT_RESULTS_MAX_BYTES } from './results.js';

export interface RunbyteServerSettings {
  port?: number;
  host?: string;
  /** Execution timeout in SECONDS, fractions allowed (default 30), as the original Runbyte documents `"timeout": 30`. */
  timeout?: number;
  /** Connect timeout of a downstream server in SECONDS (default 15; package runners such as `npx` get 120 on their first start). */
  connectTimeout?: number;
  /** Memory limit of one execution in MiB (default 256). */
  memoryLimitMb?: number;
  /** Largest result one tool call of a stdio server may return, in MiB (default 10); a larger one fails that call only. */
  maxResultMb?: number;
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
  /**
   * Most MiB kept in /workspace/results, where results over the budget are saved whole (default 256);
   * the oldest go first. One result may be this large, past the workspace's per-file limit.
   */
  resultsMaxMb?: number;
  /** Check tool arguments against each tool's inputSchema before calling the server (default true). */
  validateArguments?: boolean;
  /** Globs on `server.tool` (or a tool name alone) whose calls always need a person's consent. */
  approveTools?: string[];
  /** For a client that cannot elicit: run calls that need consent (`allow`) or refuse them (`deny`, the default). */
  approvalFallback?: ApprovalFallback;
  /** SECONDS a person has to answer an approval or a forwarded elicitation (default 300); the execution's timeout stops meanwhile. */
  approvalTimeout?: number;
  /**
   * Learn the result types of tools that declare no outputSchema from their calls and show them as the
   * functions' `Result` (default true). Kept in `<dataDir>/learned-types.json`.
   */
  learnTypes?: boolean;
  /** Runbyte's data folder (default: `<user data dir>/runbyte`, e.g. ~/.local/share/runbyte). */
  dataDir?: string;
  /** Type-check agent code against the generated declarations before it runs (default true). */
  typecheck?: boolean;
}

export interface RunbyteConfig {
  /** The Claude Desktop shape: server name → how to reach it. */
  mcpServers: Record<string, ServerConfig>;
  /** Per server: which tools are visible and callable (the config's `tools` and `disabledTools`). */
  toolFilters?: Record<string, ToolFilter>;
  /** Per server: which calls need consent (the config's `approve`); servers without one get `"destructive"`. */
  approvals?: Record<string, ApprovalRule>;
  server?: RunbyteServerSettings;
}

export interface RunbyteOptions {
  logger?: Logger;
  /** How often a running execution reports progress to clients that asked for it (default 1000 ms). */
  progressIntervalMs?: number;
  /** OAuth credentials of remote servers (see HubOptions.credentials). */
  credentials?: CredentialStore;
}

export interface Runbyte {
  readonly config: RunbyteConfig;
  readonly hub: Hub;
  readonly vfs: Vfs;
  readonly logger: Logger;
  /** Resolves once every downstream server has connected or failed its first attempt. Never rejects. */
  readonly ready: Promise<void>;
  listDirectory(path?: string, options?: { withDescriptions?: boolean; query?: string }): Promise<Listing>;
  readFile(path: string): Promise<string>;
  executeCode(code: string, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** A new MCP server with the three tools; one per client session, all sharing this Runbyte. */
  createMcpServer(): McpServer;
  /** Cancels running executions, disconnects clients and closes the downstream servers. Idempotent. */
  close(): Promise<void>;
}

/**
 * Wires hub → vfs → bundler → sandbox and resolves at once: downstream servers connect in the background
 * (`ready` says when all have settled), so a client's `initialize` never waits for the slowest server.
 * The bundler and the sandbox (esbuild, swc, QuickJS, worker threads) load on the first execution, or in
 * the background once a session has started.
 */
export async function createRunbyte(config: RunbyteConfig, options: RunbyteOptions = {}): Promise<Runbyte> {
  const logger = options.logger ?? silentLogger;
  const settings = config.server ?? {};
  const limits: Partial<Limits> = {};
  if (settings.timeout !== undefined) {
    limits.timeoutMs = secondsToMs(settings.timeout, 'server.timeout');
    const warning = timeoutWarning(settings.timeout);
    if (warning) logger.warn(warning);
  }
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
  const hub = createHub(config.mcpServers ?? {}, {
    logger,
    validateArguments: settings.validateArguments !== false,
    ...(settings.learnTypes !== false
      ? { learnTypesFile: join(settings.dataDir ?? defaultDataDir(), LEARNED_TYPES_FILE) }
      : {}),
    ...(settings.connectTimeout !== undefined
      ? { connectTimeoutMs: secondsToMs(settings.connectTimeout, 'server.connectTimeout') }
      : {}),
    ...(config.toolFilters ? { toolFilters: config.toolFilters } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(settings.maxResultMb !== undefined
      ? { maxResultBytes: Math.round(positive(settings.maxResultMb, 'server.maxResultMb') * 1024 * 1024) }
      : {}),
  });
  const approvalTimeoutMs =
    settings.approvalTimeout !== undefined
      ? secondsToMs(settings.approvalTimeout, 'server.approvalTimeout')
      : DEFAULT_APPROVAL_TIMEOUT_MS;
  // Subscribed before the hub starts, so it sees every server's first tool listing.
  const approvals = createApprovals(
    hub,
    {
      timeoutMs: approvalTimeoutMs,
      ...(config.approvals ? { rules: config.approvals } : {}),
      ...(settings.approveTools ? { approveTools: settings.approveTools } : {}),
      ...(settings.approvalFallback ? { fallback: settings.approvalFallback } : {}),
    },
    logger,
  );
  const workspace = createWorkspace({
    ...(settings.workspaceDir ? { dir: settings.workspaceDir } : {}),
    // A skill is bundled before it is saved, so a broken one is refused with the error an execution would get.
    checkSkill: async (source, filename) => (await loadPipeline()).check(source, filename),
  });
  const vfs = createVfs({ catalog: hub, workspace });
  const resultsMaxBytes =
    settings.resultsMaxMb === undefined
      ? undefined
      : positive(settings.resultsMaxMb, 'server.resultsMaxMb') * 1024 * 1024;
  // Results are written by Runbyte, not the agent: the same folder with bounds of their own, so a
  // complete value larger than the per-file limit is still saved whole.
  const resultsBound = resultsMaxBytes ?? DEFAULT_RESULTS_MAX_BYTES;
  const results = createWorkspace({
    dir: workspace.dir,
    maxFileBytes: resultsBound,
    maxTotalBytes: workspace.limits.maxTotalBytes + resultsBound,
  });
  let pipeline: Promise<Pipeline> | undefined;
  const loadPipeline = (): Promise<Pipeline> =>
    (pipeline ??= createPipeline({
      hub,
      modules: vfs.modules,
      builtins: { [WORKSPACE_MODULE]: workspaceModuleSource() },
      hints: importHints(vfs),
      rootRelativeDirs: [SKILLS_PATH],
      workspace,
      results,
      ...(resultsMaxBytes !== undefined ? { resultsMaxBytes } : {}),
      limits,
      workers,
      progressIntervalMs: options.progressIntervalMs ?? 1000,
      logger,
      approvals,
      elicitTimeoutMs: approvalTimeoutMs,
      typecheck: settings.typecheck !== false,
    }));

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

  const ready = hub.start();
  const serverNames = Object.keys(config.mcpServers ?? {});
  let listedOnce = false;

  /** The first listing waits a little for servers still connecting, so a client that lists right after
   * initialize sees them; later listings show them as connecting. */
  async function beforeListing(path: string): Promise<void> {
    const server = /^\/?servers\/([^/]+)/.exec(path)?.[1];
    if (server !== undefined && serverNames.includes(server)) {
      await withinMs(hub.settled(server), FIRST_LISTING_WAIT_MS);
    } else if (!listedOnce) {
      await withinMs(ready, FIRST_LISTING_WAIT_MS);
    }
    listedOnce = true;
  }

  const runbyte: Runbyte = {
    config,
    hub,
    vfs,
    logger,
    ready,
    async listDirectory(path = '/', listOptions) {
      await beforeListing(path);
      return vfs.list(path, listOptions);
    },
    async readFile(path) {
      const server = /^\/?servers\/([^/]+)\//.exec(path)?.[1];
      // Bounded: a package runner's first start may take minutes, and the agent is better told the
      // server is still connecting than kept waiting.
      if (server !== undefined && serverNames.includes(server)) await withinMs(hub.settled(server), READ_WAIT_MS);
      return vfs.read(path);
    },
    async executeCode(code, executeOptions = {}) {
      if (closed) throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new executions are accepted.');
      const controller = new AbortController();
      running.add(controller);
      const signal = executeOptions.signal
        ? AbortSignal.any([executeOptions.signal, controller.signal])
        : controller.signal;
      try {
        const wanted = importedServers(code, serverNames);
        const [{ execute }] = await Promise.all([
          loadPipeline(),
          serversSettled(hub, wanted === 'all' ? serverNames : wanted, signal),
        ]);
        const missing = unavailableImports(hub, wanted === 'all' ? [] : wanted);
        const outcome = missing ?? (await execute(code, { ...executeOptions, signal }));
        logExecution(logger, outcome);
        return outcome;
      } finally {
        running.delete(controller);
      }
    },
    createMcpServer() {
      if (closed) throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new sessions are accepted.');
      const server = createMcpServer(runbyte);
      // Warm the execution pipeline once a client is talking to us, off the path to its first answer.
      const oninitialized = server.server.oninitialized;
      server.server.oninitialized = () => {
        oninitialized?.();
        setImmediate(() => void loadPipeline().catch(() => {}));
      };
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
      approvals.dispose();
      await Promise.allSettled([...servers].map((server) => server.close()));
      const loaded = pipeline?.catch(() => undefined);
      await Promise.allSettled([hub.close(), loaded?.then((p) => p?.dispose())]);
    },
  };
  return runbyte;
}

const FIRST_LISTING_WAIT_MS = 5_000;
const LEARNED_TYPES_FILE = 'learned-types.json';
const READ_WAIT_MS = 30_000;

/** One line per execution: what an operator needs to see that executions run and how they end. */
function logExecution(logger: Logger, outcome: ExecuteOutcome): void {
  const failedCalls = outcome.toolCalls.filter((call) => !call.ok).length;
  logger.info(outcome.ok ? 'execution finished' : `execution failed (${outcome.phase})`, {
    durationMs: outcome.durationMs,
    outcome: outcome.ok ? 'ok' : outcome.phase,
    toolCalls: outcome.toolCalls.length,
    failedCalls,
    ...(outcome.ok ? {} : { error: outcome.message.slice(0, 300) }),
  });
}

/** setTimeout's largest delay: past it Node fires after 1 ms with a TimeoutOverflowWarning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The one place a setting in seconds becomes milliseconds; out of the timer's range is an error, not a 1 ms timer. */
function secondsToMs(value: number, name: string): number {
  const ms = Math.round(positive(value, name) * 1000);
  if (ms < 1 || ms > MAX_TIMER_MS) {
    throw new RunbyteError(
      'INVALID_OPTIONS',
      `${name} is in seconds and must be from 0.001 to ${Math.floor(MAX_TIMER_MS / 1000)}, got ${JSON.stringify(value)}.`,
      { option: name, value },
    );
  }
  return ms;
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
