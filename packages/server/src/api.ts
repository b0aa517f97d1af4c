// What an embedder holds: the config it gives createRunbyte and the Runbyte it gets back.
import type {
  CallToolOptions,
  CallToolResult,
  CredentialStore,
  ServerConfig,
  ServerState,
  ToolFilter,
} from '@runbyte/hub';
import type { Listing } from '@runbyte/vfs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ApprovalRule } from './approvals.js';
import type { RunbyteServerSettings } from './config/settings.js';
import type { ExecuteOptions, ExecuteOutcome } from './execute-types.js';
import type { Logger } from './logger.js';

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

/**
 * A running Runbyte. The methods act for one client with the shared workspace (the stdio client's, or
 * any caller's from code); the HTTP transport gives each identity its own when `workspacePerClient` is on.
 */
export interface Runbyte {
  /** Resolves once every downstream server has connected or failed its first attempt. Never rejects. */
  readonly ready: Promise<void>;
  /** Each downstream server's state now: name, status, tools, and why it is not ready. */
  servers(): ServerState[];
  /** Calls a downstream tool directly, as a generated function would, without running code. */
  callTool(
    server: string,
    tool: string,
    args?: Record<string, unknown>,
    options?: CallToolOptions,
  ): Promise<CallToolResult>;
  listDirectory(path?: string, options?: { withDescriptions?: boolean; query?: string }): Promise<Listing>;
  readFile(path: string): Promise<string>;
  executeCode(code: string, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** A new MCP server with the three tools; one per client session, all sharing this Runbyte. */
  createMcpServer(): McpServer;
  /** Cancels running executions, disconnects clients and closes the downstream servers. Idempotent. */
  close(): Promise<void>;
}
