import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { validateServerConfig } from './config.js';
import { Connection } from './connection/connection.js';
import { HubError, unknownToolError } from './errors.js';
import { closestFirst } from './suggest.js';
import { createArgumentValidator } from './validate-arguments.js';
import { LearnedTypes } from './learn/store.js';
import { compileToolFilter, filterTools, unmatchedPatterns, type CompiledToolFilter } from './tool-filter.js';
import type { CallToolOptions, HubOptions, Logger, ServerConfig, ServerState } from './types.js';
import { VERSION } from './version.js';

/** The SDK's own stdio message limit. */
const DEFAULT_MAX_RESULT_BYTES = 10 * 1024 * 1024;

export interface Hub {
  /** Connects every server in parallel; resolves when each has connected or failed its first attempt. Never rejects. */
  start(): Promise<void>;
  /**
   * Resolves once the first connection attempt of server `name` has settled (connected or failed), starting
   * the hub if needed; at once for an unknown server or one already past its first attempt. Never rejects.
   */
  settled(name: string): Promise<void>;
  /** A snapshot of every server, in configuration order. */
  servers(): ServerState[];
  server(name: string): ServerState | undefined;
  /**
   * Calls a tool and returns the raw MCP result (`isError` results are returned, not thrown). Throws HubError
   * for an unknown server or tool, an unavailable server, a timeout, an abort, or a transport failure.
   */
  callTool(
    server: string,
    tool: string,
    args: Record<string, unknown> | undefined,
    options?: CallToolOptions,
  ): Promise<CallToolResult>;
  /** Fired with the server's whole new tool set whenever it changes (first listing, list_changed, reconnect). */
  on(event: 'toolsChanged', fn: (server: string, tools: Tool[]) => void): () => void;
  /** Fired on every status transition (and when the reason of an unavailable server changes). */
  on(event: 'statusChanged', fn: (state: ServerState) => void): () => void;
  /** Closes every client, kills stdio children and cancels retries. Idempotent. */
  close(): Promise<void>;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Creates the hub for `servers` (name → config, as in the "mcpServers" of Claude Desktop). Invalid
 * configurations throw HubError `INVALID_CONFIG` here; nothing connects until `start()` (or a first call).
 */
export function createHub(servers: Record<string, ServerConfig>, options: HubOptions = {}): Hub {
  const logger = options.logger ?? silent;
  const toolsListeners = new Set<(server: string, tools: Tool[]) => void>();
  const statusListeners = new Set<(state: ServerState) => void>();
  const emit = <A extends unknown[]>(listeners: Set<(...args: A) => void>, event: string, ...args: A) => {
    for (const listener of [...listeners]) {
      try {
        listener(...args);
      } catch (error) {
        logger.error(`A ${event} listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const resolved = {
    logger,
    callTimeoutMs: positive(options.callTimeoutMs, 'callTimeoutMs') ?? 60_000,
    connectTimeoutMs: positive(options.connectTimeoutMs, 'connectTimeoutMs') ?? 15_000,
    firstStartTimeoutMs: positive(options.firstStartTimeoutMs, 'firstStartTimeoutMs') ?? 120_000,
    maxResultBytes: positive(options.maxResultBytes, 'maxResultBytes') ?? DEFAULT_MAX_RESULT_BYTES,
    backoff: {
      initialMs: positive(options.backoff?.initialMs, 'backoff.initialMs') ?? 1_000,
      maxMs: positive(options.backoff?.maxMs, 'backoff.maxMs') ?? 60_000,
    },
    clientInfo: options.clientInfo ?? { name: 'runbyte-hub', version: VERSION },
    ...(options.credentials ? { credentials: options.credentials } : {}),
    loginCommand: options.loginCommand ?? ((server: string) => `runbyte login ${server}`),
  };
  const connections = new Map<string, Connection>();
  // Each server's last listing by tool name, so a call finds its definition without copying a snapshot.
  const definitions = new Map<string, Map<string, Tool>>();
  const validator = options.validateArguments === false ? undefined : createArgumentValidator(logger);
  const learned = options.learnTypesFile ? new LearnedTypes(options.learnTypesFile, logger) : undefined;
  const filters = new Map<string, CompiledToolFilter>();
  for (const name of Object.keys(servers)) filters.set(name, compileToolFilter(options.toolFilters?.[name]));
  // Hidden tools leave every view here, so the vfs, search and calls never see them.
  const visible = <S extends ServerState>(state: S): S => {
    const filter = filters.get(state.name);
    const shown = filter ? { ...state, tools: filterTools(state.tools, filter) } : state;
    const results = learned?.forServer(state.name, shown.tools);
    return results ? { ...shown, learned: results } : shown;
  };
  for (const [name, config] of Object.entries(servers)) {
    connections.set(
      name,
      new Connection(name, validateServerConfig(name, config), {
        ...resolved,
        onStatus: (state) => emit(statusListeners, 'statusChanged', state),
        onTools: (server, tools) => {
          definitions.set(server, new Map(tools.map((t) => [t.name, t])));
          const filter = filters.get(server);
          for (const problem of unmatchedPatterns(options.toolFilters?.[server], tools))
            logger.warn(`Server "${server}" tool filter: ${problem}`, { server });
          emit(toolsListeners, 'toolsChanged', server, filter ? filterTools(tools, filter) : tools);
        },
      }),
    );
  }

  // A login written by `runbyte login` (another process) reaches servers waiting for it without a restart.
  const unwatchCredentials = options.credentials?.watch(() => {
    for (const c of connections.values()) c.credentialsChanged();
  });

  let started: Promise<void> | undefined;
  const firstAttempts = new Map<string, Promise<void>>();
  let closing: Promise<void> | undefined;

  const connection = (name: string): Connection => {
    const found = connections.get(name);
    if (found) return found;
    const available = closestFirst(name, [...connections.keys()]);
    throw new HubError(
      'UNKNOWN_SERVER',
      `No server named "${name}". ${available.length === 0 ? 'No servers are configured.' : `Configured: ${available.join(', ')}.`}`,
      { server: name, available },
    );
  };

  function on(event: 'toolsChanged', fn: (server: string, tools: Tool[]) => void): () => void;
  function on(event: 'statusChanged', fn: (state: ServerState) => void): () => void;
  function on(
    event: 'toolsChanged' | 'statusChanged',
    fn: ((server: string, tools: Tool[]) => void) | ((state: ServerState) => void),
  ): () => void {
    if (event === 'toolsChanged') {
      const listener = fn as (server: string, tools: Tool[]) => void;
      toolsListeners.add(listener);
      return () => void toolsListeners.delete(listener);
    }
    if (event === 'statusChanged') {
      const listener = fn as (state: ServerState) => void;
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    }
    throw new TypeError(`Unknown hub event "${String(event)}"; use "toolsChanged" or "statusChanged".`);
  }

  function start(): Promise<void> {
    if (closing) return Promise.resolve();
    started ??= Promise.all(
      [...connections.entries()].map(([name, c]) => {
        const attempt = c.connect();
        firstAttempts.set(name, attempt);
        return attempt;
      }),
    ).then(() => undefined);
    return started;
  }

  return {
    start,
    settled(name) {
      if (closing) return Promise.resolve();
      void start();
      return firstAttempts.get(name) ?? Promise.resolve();
    },
    servers: () => [...connections.values()].map((c) => visible(c.snapshot())),
    server: (name) => {
      const state = connections.get(name)?.snapshot();
      return state && visible(state);
    },
    async callTool(server, tool, args, callOptions = {}) {
      if (closing)
        throw new HubError('CLOSED', `The hub is closed; ${server}/${tool} cannot be called.`, { server, tool });
      if (typeof tool !== 'string' || tool === '') {
        throw new HubError('UNKNOWN_TOOL', `Give the name of a tool of server "${server}".`, {
          server,
          tool: String(tool),
        });
      }
      if (callOptions.timeoutMs !== undefined) positive(callOptions.timeoutMs, 'timeoutMs');
      const target = connection(server);
      const hidden = filters.get(server)?.why(tool);
      if (hidden !== undefined) {
        throw new HubError(
          'TOOL_HIDDEN',
          `Tool "${tool}" of server "${server}" is hidden by the config's tool filter (${hidden}); change "tools" or "disabledTools" of "${server}" to use it.`,
          { server, tool },
        );
      }
      // Bad arguments are answered like a tool's own failure (isError), without calling the server.
      const definition = definitions.get(server)?.get(tool);
      const rejected = validator && definition && validator.check(server, definition, args);
      if (rejected) return rejected;
      const filter = filters.get(server);
      const result = await target.callTool(tool, args, callOptions).catch((error: unknown) => {
        // What the server lists includes hidden tools: suggest only the ones that can be called.
        if (filter && error instanceof HubError && error.code === 'UNKNOWN_TOOL' && error.available)
          throw unknownToolError(
            server,
            tool,
            error.available.filter((name) => filter.visible(name)),
          );
        throw error;
      });
      if (learned && definition) learned.observe(server, definition, result);
      return result;
    },
    on,
    close() {
      unwatchCredentials?.();
      closing ??= Promise.all([...[...connections.values()].map((c) => c.close()), learned?.flush()]).then(() => {
        toolsListeners.clear();
        statusListeners.clear();
      });
      return closing;
    },
  };
}

function positive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new HubError(
      'INVALID_CONFIG',
      `Hub option "${name}" must be a positive number of milliseconds, got ${String(value)}.`,
    );
  }
  return value;
}
