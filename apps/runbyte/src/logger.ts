import type { Writable } from 'node:stream';
import type { Logger } from '@runbyte/utils';

export type { Logger };

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface CliLoggerOptions {
  level?: LogLevel;
  /** Default process.stderr: stdout is the JSON-RPC channel in stdio mode. */
  stream?: Writable;
  /** Default true; off in tests that compare lines. */
  timestamps?: boolean;
}

/** One line per entry: `2026-11-25T06:30:00.000Z warn  message {"server":"github"}`. */
export function createLogger(options: CliLoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const stream = options.stream ?? process.stderr;
  const timestamps = options.timestamps ?? true;
  const write = (level: Exclude<LogLevel, 'silent'>, msg: string, data?: object): void => {
    if (RANK[level] < threshold) return;
    const parts = [timestamps ? new Date().toISOString() : undefined, level.padEnd(5), msg.replace(/\r?\n/g, '\n    ')];
    const extra = data === undefined ? '' : serialise(data);
    if (extra && extra !== '{}') parts.push(extra);
    stream.write(`${parts.filter((p) => p !== undefined).join(' ')}\n`);
  };
  return {
    debug: (msg, data) => write('debug', msg, data),
    info: (msg, data) => write('info', msg, data),
    warn: (msg, data) => write('warn', msg, data),
    error: (msg, data) => write('error', msg, data),
  };
}

function serialise(data: object): string {
  try {
    return JSON.stringify(data, (_key, value: unknown) =>
      value instanceof Error ? value.message : typeof value === 'bigint' ? String(value) : value,
    );
  } catch {
    return '[unserialisable data]';
  }
}
