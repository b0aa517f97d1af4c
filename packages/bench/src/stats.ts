/** Median, min and max of a sample, in the unit it was measured in. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** RUNBYTE_BENCH_QUICK=1: a tenth of the runs, for checking that every part works, not for figures. */
export const QUICK = process.env.RUNBYTE_BENCH_QUICK === '1';

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and summarizes the durations in ms. */
export async function measure(runs: number, fn: () => Promise<unknown>, warmup = 3): Promise<Summary> {
  if (QUICK) {
    runs = Math.max(1, Math.round(runs / 10));
    warmup = Math.min(warmup, 1);
  }
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function roundSummary(s: Summary, digits = 3): Summary {
  return { median: round(s.median, digits), min: round(s.min, digits), max: round(s.max, digits), runs: s.runs };
}
