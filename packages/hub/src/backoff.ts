export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Delay before retry number `failures` (1 = after the first failure): doubles up to maxMs, plus ≤10 % jitter. */
export function backoffDelay(failures: number, { initialMs, maxMs }: BackoffOptions): number {
  const base = Math.min(initialMs * 2 ** Math.max(0, failures - 1), maxMs);
  // Jitter keeps many servers that failed together (e.g. the network came back) from retrying in lockstep.
  return Math.round(base + base * 0.1 * Math.random());
}
