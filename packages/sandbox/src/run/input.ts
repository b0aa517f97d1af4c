import type { Limits } from '../limits.js';
import type { HostFunction, LogEntry, Logger } from '../types.js';
import type { HostRelay } from './host-calls.js';

/** A RunInput after validation: what an executor runs. */
export interface NormalizedInput {
  entry: string;
  modules: Record<string, { code: string; map?: string }>;
  links: Record<string, Record<string, string>>;
  exportName: string;
}

export interface ExecuteOptions {
  limits: Limits;
  hostFunctions: Record<string, HostFunction>;
  /** Calls go here as JSON text instead of to `hostFunctions` (whose names are still the globals). */
  relay?: HostRelay | undefined;
  signal: AbortSignal | undefined;
  logger: Logger | undefined;
  /**
   * Polled by the interrupt handler: true aborts the run even while the guest is in a synchronous loop
   * and the host's event loop cannot deliver the signal's abort event (worker mode sets it from the parent).
   */
  interrupted?: () => boolean;
  onLog?: ((entry: LogEntry) => void) | undefined;
  /** Folder of generated library files (e.g. `/servers/`) passed over when choosing an error's location. */
  libraryDir?: string | undefined;
}
