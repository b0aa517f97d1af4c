import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { BackoffOptions } from '../backoff.js';
import type { CredentialStore } from '../auth/store.js';
import type { Logger, ServerState } from '../types.js';

/** What the hub hands each connection: its resolved options and where to report changes. */
export interface ConnectionOptions {
  logger: Logger;
  callTimeoutMs: number;
  connectTimeoutMs: number;
  /** First-connect timeout of a package runner (npx, uvx, docker run...) until it has once been ready. */
  firstStartTimeoutMs: number;
  /** Largest message a server may send (a tool result); a larger one fails only its own call. */
  maxResultBytes: number;
  backoff: BackoffOptions;
  clientInfo: { name: string; version: string };
  onStatus: (state: ServerState) => void;
  onTools: (server: string, tools: Tool[]) => void;
  /** OAuth credentials of remote servers; see HubOptions.credentials. */
  credentials?: CredentialStore;
  loginCommand: (server: string) => string;
}
