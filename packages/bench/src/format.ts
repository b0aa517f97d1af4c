import type { Summary } from './stats.js';

function num(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs < 0.1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return value.toFixed(digits);
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${num(value)} ms` : 'n/a';
}

export function seconds(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}

/** `median ms (min–max)`, or `median ms (1 run)`. */
export function spread(s: Summary, unit: 'ms' | 's' = 'ms'): string {
  const f = unit === 's' ? (n: number) => (n / 1000).toFixed(2) : num;
  if (s.runs === 1) return `${f(s.median)} ${unit} (1 run)`;
  return `${f(s.median)} ${unit} (${f(s.min)}–${f(s.max)})`;
}

export function tokens(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function pct(n: number | undefined, digits = 2): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : `${n.toFixed(digits)}%`;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export function ratio(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a';
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
