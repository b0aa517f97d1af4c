// The express handler of GET /health, apart from the report so that the public types (HealthReport,
// re-exported by index.ts) do not name express, whose types a consumer need not have.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { healthReport, type HealthReport, type HealthStatus } from './health.js';
import type { Runbyte } from './runbyte.js';

/**
 * `/health` needs no token, for load balancers and probes: without a valid one (when one is set) it
 * answers the status alone; with it, or when no token is set, the whole report.
 */
export function healthHandler(
  runbyte: Runbyte,
  isClosing: () => boolean,
  authorized: (req: IncomingMessage) => boolean = () => true,
): RequestHandler {
  return (req, res) => {
    const report = healthReport(runbyte, isClosing());
    const body: HealthReport | HealthStatus = authorized(req) ? report : { status: report.status };
    res
      .status(report.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(body);
  };
}
