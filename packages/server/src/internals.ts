// What the server's own files need of a Runbyte beyond its public methods, kept off the public type:
// an embedder cannot reach the hub or the vfs past the checks the methods make.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Listing, WorkspaceFile } from '@runbyte/vfs';
import type { Runbyte, RunbyteConfig } from './api.js';
import { RunbyteError } from './errors.js';
import type { ExecuteOptions, ExecuteOutcome } from './execute-types.js';
import type { Logger } from './logger.js';

/** What one client's tools act on: the Runbyte's operations with that client's workspace. */
export interface ClientView {
  readonly logger: Logger;
  listDirectory(path?: string, options?: { withDescriptions?: boolean; query?: string }): Promise<Listing>;
  readFile(path: string): Promise<string>;
  executeCode(code: string, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** The client's workspace files, for resources/list. */
  workspaceFiles(): Promise<WorkspaceFile[]>;
}

export interface RunbyteInternals {
  readonly config: RunbyteConfig;
  readonly logger: Logger;
  /** An MCP server for a client of this identity (undefined: the shared workspace). */
  createMcpServer(identity?: string): McpServer;
}

const internals = new WeakMap<Runbyte, RunbyteInternals>();

export function setInternals(runbyte: Runbyte, parts: RunbyteInternals): void {
  internals.set(runbyte, parts);
}

export function internalsOf(runbyte: Runbyte): RunbyteInternals {
  const found = internals.get(runbyte);
  if (!found) {
    throw new RunbyteError('INVALID_OPTIONS', 'Expected a Runbyte made by createRunbyte(); got another object.');
  }
  return found;
}
