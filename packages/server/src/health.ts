import type { Runbyte } from './runbyte.js';
import { VERSION } from './version.js';

export interface HealthReport {
  /** ok: every downstream server is ready; degraded: some are not; closing: shutting down. */
  status: 'ok' | 'degraded' | 'closing';
  ready: boolean;
  version: string;
  servers: { name: string; status: string; tools: number; error?: string }[];
}

/** What /health tells a caller without the token: nothing about the servers, which can quote secrets. */
export type HealthStatus = Pick<HealthReport, 'status'>;

export function healthReport(runbyte: Runbyte, closing: boolean): HealthReport {
  // Names, states, counts and errors: no config, commands, URLs or headers. The errors can quote a
  // server's stderr, so when a token is set only its holders see this (see healthHandler).
  const servers = runbyte.servers().map((s) => {
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
