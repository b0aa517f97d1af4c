// The express handler of GET /health, apart from the report so that the public types (HealthReport,
// re-exported by index.ts) do not name express, whose types a consumer need not have.
import type { RequestHandler } from 'express';
import { healthReport } from './health.js';
import type { Runbyte } from './runbyte.js';

export function healthHandler(runbyte: Runbyte, isClosing: () => boolean): RequestHandler {
  return (_req, res) => {
    const report = healthReport(runbyte, isClosing());
    res
      .status(report.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  };
}
