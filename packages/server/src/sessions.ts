import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from './logger.js';

export interface Session {
  id: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  lastActive: number;
  /** HTTP requests of this session still open (a GET stream or a running call keeps it alive). */
  openRequests: number;
  /** The authenticated client that opened it; only that client may use or end it. */
  identity?: string;
}

/** The stateful HTTP sessions: one McpServer and transport each, closed after ttlMs without activity. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  /** Initializes under way, counted against the limit until their session exists or they fail. */
  private pending = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly logger: Logger,
    readonly max = Infinity,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(ttlMs / 2, 60_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * A place for one more session; call the returned function once it is used or given up. At the limit
   * the session idle longest (no request open) is closed to make room; undefined when every one is busy.
   */
  reserve(): (() => void) | undefined {
    if (this.sessions.size + this.pending >= this.max) {
      const idle = [...this.sessions.values()]
        .filter((s) => s.openRequests === 0)
        .sort((a, b) => a.lastActive - b.lastActive)[0];
      if (!idle || this.pending >= this.max) return undefined;
      void this.remove(idle.id, 'evicted: the session limit was reached and it was idle longest');
    }
    this.pending++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.pending--;
    };
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  add(session: Session): void {
    this.sessions.set(session.id, session);
    this.logger.debug('session opened', { session: session.id, sessions: this.sessions.size });
  }

  /** Marks a request of the session as open until the returned function is called. */
  track(session: Session): () => void {
    session.openRequests++;
    session.lastActive = Date.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      session.openRequests--;
      session.lastActive = Date.now();
    };
  }

  /** Forgets the session and closes its server (which aborts its running executions). */
  async remove(id: string, reason: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.logger.debug('session closed', { session: id, reason, sessions: this.sessions.size });
    await session.server.close().catch(() => {});
  }

  sweep(now = Date.now()): void {
    for (const session of this.sessions.values()) {
      if (session.openRequests === 0 && now - session.lastActive > this.ttlMs) {
        void this.remove(session.id, 'expired');
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.remove(id, 'server closing')));
  }
}
