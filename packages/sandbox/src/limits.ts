import { SandboxError } from './errors.js';

export interface Limits {
  /** Wall-clock time of a run, host calls and timers included. */
  timeoutMs: number;
  /** Memory the guest's QuickJS runtime may allocate. */
  memoryBytes: number;
  /**
   * QuickJS stack. Kept small on purpose: QuickJS frames are WebAssembly frames on the host's native
   * stack, and the host stack must overflow after QuickJS's own check, never before.
   */
  stackBytes: number;
  /** JSON size of the returned value; a larger value is shrunk structurally. */
  resultBytes: number;
  /** Console output kept per run (UTF-8 bytes of the messages). */
  logBytes: number;
  /** Console entries kept per run. */
  maxLogEntries: number;
  /** Timers pending at once. */
  maxTimers: number;
  /** Host function calls pending at once. */
  maxPendingHostCalls: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  timeoutMs: 30_000,
  memoryBytes: 256 * 1024 * 1024,
  stackBytes: 256 * 1024,
  resultBytes: 65_536,
  logBytes: 65_536,
  maxLogEntries: 1_000,
  maxTimers: 1_000,
  maxPendingHostCalls: 1_000,
});

/** Merges partial limits over a base, rejecting values that cannot work. */
export function resolveLimits(base: Readonly<Limits>, ...overrides: (Partial<Limits> | undefined)[]): Limits {
  const limits: Limits = { ...base };
  for (const override of overrides) {
    if (!override) continue;
    for (const [key, value] of Object.entries(override)) {
      if (value === undefined) continue;
      if (!(key in DEFAULT_LIMITS)) {
        throw new SandboxError(
          'INVALID_LIMITS',
          `Unknown limit "${key}"; known limits: ${Object.keys(DEFAULT_LIMITS).join(', ')}.`,
          key,
        );
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw new SandboxError(
          'INVALID_LIMITS',
          `Limit "${key}" must be a positive number, got ${String(value)}.`,
          key,
        );
      }
      (limits as unknown as Record<string, number>)[key] = value;
    }
  }
  return limits;
}
