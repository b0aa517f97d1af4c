// The settings given in seconds and MiB, checked and turned into what the parts take.
import type { Limits } from '@runbyte/sandbox';
import { availableParallelism } from 'node:os';
import { RunbyteError } from '../errors.js';
import type { Logger } from '../logger.js';
import { timeoutWarning } from '../timeout-warning.js';
import type { RunbyteServerSettings } from './settings.js';

/** The sandbox limits of server.timeout and server.memoryLimitMb; warns about a timeout that looks like milliseconds. */
export function limitsOf(settings: RunbyteServerSettings, logger: Logger): Partial<Limits> {
  const limits: Partial<Limits> = {};
  if (settings.timeout !== undefined) {
    limits.timeoutMs = secondsToMs(settings.timeout, 'server.timeout');
    const warning = timeoutWarning(settings.timeout);
    if (warning) logger.warn(warning);
  }
  if (settings.memoryLimitMb !== undefined) {
    limits.memoryBytes = positive(settings.memoryLimitMb, 'server.memoryLimitMb') * 1024 * 1024;
  }
  return limits;
}

export function workersOf(settings: RunbyteServerSettings): number {
  const workers = settings.workers ?? Math.min(4, availableParallelism());
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RunbyteError(
      'INVALID_OPTIONS',
      `server.workers must be a whole number (0 runs executions on the main thread), got ${JSON.stringify(workers)}.`,
      { option: 'server.workers', value: workers },
    );
  }
  return workers;
}

/** A setting in MiB as bytes, or undefined when unset. */
export function mibToBytes(value: number | undefined, name: string): number | undefined {
  return value === undefined ? undefined : Math.round(positive(value, name) * 1024 * 1024);
}

/** setTimeout's largest delay: past it Node fires after 1 ms with a TimeoutOverflowWarning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The one place a setting in seconds becomes milliseconds; out of the timer's range is an error, not a 1 ms timer. */
export function secondsToMs(value: number, name: string): number {
  const ms = Math.round(positive(value, name) * 1000);
  if (ms < 1 || ms > MAX_TIMER_MS) {
    throw new RunbyteError(
      'INVALID_OPTIONS',
      `${name} is in seconds and must be from 0.001 to ${Math.floor(MAX_TIMER_MS / 1000)}, got ${JSON.stringify(value)}.`,
      { option: name, value },
    );
  }
  return ms;
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RunbyteError('INVALID_OPTIONS', `${name} must be a positive number, got ${JSON.stringify(value)}.`, {
      option: name,
      value,
    });
  }
  return value;
}
