/** The stateful HTTP sessions: one McpServer and transport each, closed after ttlMs without activity. */
export class SessionStore {
    ttlMs;
    logger;
    sessions = new Map();
    sweeper;
    constructor(ttlMs, logger) {
        this.ttlMs = ttlMs;
        this.logger = logger;
        this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(ttlMs / 2, 60_000)));
        this.sweeper.unref();
    }
    get size() {
        return this.sessions.size;
    }
    get(id) {
        return this.sessions.get(id);
    }
    add(session) {
        this.sessions.set(session.id, session);
        this.logger.debug('session opened', { session: session.id, sessions: this.sessions.size });
    }
    /** Marks a request of the session as open until the returned function is called. */
    track(session) {
        session.openRequests++;
        session.lastActive = Date.now();
        let done = false;
        return () => {
            if (done)
                return;
            done = true;
            session.openRequests--;
            session.lastActive = Date.now();
        };
    }
    /** Forgets the session and closes its server (which aborts its running executions). */
    async remove(id, reason) {
        const session = this.sessions.get(id);
        if (!session)
            return;
        this.sessions.delete(id);
        this.logger.debug('session closed', { session: id, reason, sessions: this.sessions.size });
        await session.server.close().catch(() => { });
    }
    sweep(now = Date.now()) {
        for (const session of this.sessions.values()) {
            if (session.openRequests === 0 && now - session.lastActive > this.ttlMs) {
                void this.remove(session.id, 'expired');
            }
        }
    }
    async closeAll() {
        clearInterval(this.sweeper);
        await Promise.allSettled([...this.sessions.keys()].map((id) => this.remove(id, 'server closing')));
    }
}
