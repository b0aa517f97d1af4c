import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TransportKind } from '../types.js';
import type { StderrTail } from '../transports/stderr-tail.js';

/**
 * Where one downstream server is, with the data only that state has. One field instead of a client,
 * an attempt, a retry timer and a login version that had to agree with each other.
 */
export type ConnectionState =
  /** Nothing tried yet: start() or a first call connects. */
  | { status: 'idle' }
  /** An attempt is running; `previousError` is shown until it settles, `opening` are its clients. */
  | { status: 'connecting'; attempt: Promise<void>; opening: Set<Client>; previousError?: string }
  /** Connected: calls go to `session.client`. */
  | { status: 'ready'; session: Session }
  /** Down; `retry` is the pending backoff timer (none while a call that found it down waits). */
  | { status: 'unavailable'; reason: string; retry?: NodeJS.Timeout }
  /** Only a login helps; `loginVersion` is the credential store's version when that was found out. */
  | { status: 'needs-login'; reason: string; loginVersion: string | undefined }
  | { status: 'closed' };

/** One live connection to the server. */
export interface Session {
  client: Client;
  kind: TransportKind;
  /** The stderr lines of a stdio server, to say why it exited. */
  stderr: StderrTail | undefined;
  /** Why the transport closed itself, when it did (a stdio message no request could take). */
  closeReason(): string | undefined;
}

/** The reason shown with the state (kept while a new attempt runs), if any. */
export function reasonOf(state: ConnectionState): string | undefined {
  switch (state.status) {
    case 'connecting':
      return state.previousError;
    case 'unavailable':
    case 'needs-login':
      return state.reason;
    default:
      return undefined;
  }
}
