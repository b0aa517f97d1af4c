import { createHub } from '@runbyte/hub';
import { defaultDataDir, workspaceModuleSource, SKILLS_PATH, WORKSPACE_MODULE } from '@runbyte/vfs';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Runbyte, RunbyteConfig, RunbyteOptions } from './api.js';
import { clientModules, createClientFiles, withClientFiles, type ClientFiles } from './client-files.js';
import { limitsOf, mibToBytes, secondsToMs, workersOf } from './config/values.js';
import { importHints } from './import-hints.js';
import { setInternals, type ClientView } from './internals.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import { importedServers, serversSettled, unavailableImports, withinMs } from './readiness.js';
import { createMcpServer } from './mcp-server.js';
import { RunbyteError } from './errors.js';
import { logExecution } from './execution-log.js';
import { silentLogger } from './logger.js';
import { createApprovals, DEFAULT_APPROVAL_TIMEOUT_MS } from './approvals.js';

export type { Runbyte, RunbyteConfig, RunbyteOptions } from './api.js';
export type { RunbyteServerSettings } from './config/settings.js';

/**
 * Wires hub → vfs → bundler → sandbox and resolves at once: downstream servers connect in the background
 * (`ready` says when all have settled), so a client's `initialize` never waits for the slowest server.
 * The bundler and the sandbox (esbuild, swc, QuickJS, worker threads) load on the first execution, or in
 * the background once a session has started.
 */
export async function createRunbyte(config: RunbyteConfig, options: RunbyteOptions = {}): Promise<Runbyte> {
  const logger = options.logger ?? silentLogger;
  const settings = config.server ?? {};
  const limits = limitsOf(settings, logger);
  const workers = workersOf(settings);
  // The hub validates the servers' config: before any worker thread starts.
  const maxResultBytes = mibToBytes(settings.maxResultMb, 'server.maxResultMb');
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
    ...(maxResultBytes !== undefined ? { maxResultBytes } : {}),
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
  const resultsMaxBytes = mibToBytes(settings.resultsMaxMb, 'server.resultsMaxMb');
  const files = createClientFiles({
    hub,
    ...(settings.workspaceDir ? { workspaceDir: settings.workspaceDir } : {}),
    ...(resultsMaxBytes !== undefined ? { resultsMaxBytes } : {}),
    perClient: settings.workspacePerClient === true,
    checkSkill: async (source, filename) => (await loadPipeline()).check(source, filename),
  });
  const { vfs, workspace, results } = files.shared;
  let pipeline: Promise<Pipeline> | undefined;
  const loadPipeline = (): Promise<Pipeline> =>
    (pipeline ??= createPipeline({
      hub,
      modules: clientModules(vfs.modules),
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
      for (const client of files.all()) client.vfs.invalidate(server);
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

  /** /servers is the same for every client: its files are generated once, in the shared tree. */
  const treeFor = (client: ClientFiles, path: string) => (/^\/*servers(\/|$)/.test(path) ? vfs : client.vfs);

  function viewOf(client: ClientFiles): ClientView {
    return {
      logger,
      async listDirectory(path = '/', listOptions) {
        await beforeListing(path);
        return treeFor(client, path).list(path, listOptions);
      },
      async readFile(path) {
        const server = /^\/?servers\/([^/]+)\//.exec(path)?.[1];
        // Bounded: a package runner's first start may take minutes, and the agent is better told the
        // server is still connecting than kept waiting.
        if (server !== undefined && serverNames.includes(server)) await withinMs(hub.settled(server), READ_WAIT_MS);
        return treeFor(client, path).read(path);
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
          const outcome =
            missing ?? (await withClientFiles(client, () => execute(code, { ...executeOptions, signal })));
          logExecution(logger, outcome);
          return outcome;
        } finally {
          running.delete(controller);
        }
      },
      workspaceFiles: () => client.workspace.listFileInfo(),
    };
  }

  function newMcpServer(identity?: string): McpServer {
    if (closed) throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new sessions are accepted.');
    const server = createMcpServer(viewOf(files.of(identity)));
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
  }

  const shared = viewOf(files.shared);
  const runbyte: Runbyte = {
    ready,
    servers: () => hub.servers(),
    callTool: (server, tool, args, callOptions) => hub.callTool(server, tool, args, callOptions),
    listDirectory: (path, listOptions) => shared.listDirectory(path, listOptions),
    readFile: (path) => shared.readFile(path),
    executeCode: (code, executeOptions) => shared.executeCode(code, executeOptions),
    createMcpServer: () => newMcpServer(),
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
  setInternals(runbyte, { config, logger, createMcpServer: newMcpServer });
  return runbyte;
}

const FIRST_LISTING_WAIT_MS = 5_000;
const LEARNED_TYPES_FILE = 'learned-types.json';
const READ_WAIT_MS = 30_000;
