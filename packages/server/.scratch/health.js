import { VERSION } from './version.js';
export function healthReport(runbyte, closing) {
    // Names, states and counts only: no config, commands, URLs or headers, since /health needs no token.
    const servers = runbyte.hub.servers().map((s) => {
        const entry = { name: s.name, status: s.status, tools: s.tools.length };
        if (s.error)
            entry.error = s.error;
        return entry;
    });
    const allReady = servers.every((s) => s.status === 'ready');
    return {
        status: closing ? 'closing' : allReady ? 'ok' : 'degraded',
        ready: !closing,
        version: VERSION,
        servers,
    };
}
export function healthHandler(runbyte, isClosing) {
    return (_req, res) => {
        const report = healthReport(runbyte, isClosing());
        res.status(report.ready ? 200 : 503).set('Cache-Control', 'no-store').json(report);
    };
}
