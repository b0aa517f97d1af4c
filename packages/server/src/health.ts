import type { Runbyte } from './runbyte.js';
import { VERSION } from './version.js';

export interface HealthReport {
  /** ok: every downstream server is ready; degraded: some are not; closing: shutting down. */
  status: 'ok' | 'degraded' | 'closing';
  ready: boolean;
  version: string;
  servers: { name: string; status: string; tools: number; error?: string }[];
}

export function healthReport(runbyte: Runbyte, closing: boolean): HealthReport {
  // Names, states and counts only: no config, commands, URLs or headers, since /health needs no token.
  const servers = runbyte.hub.servers().map((s) => {
    const entry: HealthReport['servers'][number] = { name: s.name, status: s.status, tools: s.tools.length };
    if (s.error) entry.error = s.error;
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
