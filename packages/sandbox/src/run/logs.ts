// Console output of one run: kept up to the log limits, streamed to an optional listener, and closed
// with one marker entry that says how much was dropped.
import { formatBytes, messageOf } from '@runbyte/utils';
import type { Limits } from '../limits.js';
import type { LogEntry, Logger } from '../types.js';

export class LogBuffer {
  readonly entries: LogEntry[] = [];
  private bytes = 0;
  private full = false;
  private dropped = 0;
  private cutLast = false;
  /** Reads the count the guest kept of entries it dropped itself once the host said it was full. */
  private guestDropped: () => number = () => 0;

  constructor(
    private readonly limits: Limits,
    private readonly onLog: ((entry: LogEntry) => void) | undefined,
    private readonly logger: Logger | undefined,
  ) {}

  countGuestDrops(read: () => number): void {
    this.guestDropped = read;
  }

  /** Keeps one entry; false once the buffer is full (the guest then stops sending). */
  add(level: LogEntry['level'], message: string | undefined): boolean {
    if (this.full || message === undefined) {
      this.dropped++;
      return false;
    }
    const size = Buffer.byteLength(message);
    const { maxLogEntries, logBytes } = this.limits;
    if (this.entries.length >= maxLogEntries || this.bytes + size > logBytes) {
      const room = logBytes - this.bytes;
      if (this.entries.length < maxLogEntries && room > 64) {
        this.emit({ level, message: `${message.slice(0, room - 32)}…[message cut]` });
        this.cutLast = true;
      }
      this.full = true;
      return false;
    }
    this.bytes += size;
    this.emit({ level, message });
    return true;
  }

  /** The entries of the result, with the truncation marker when anything was dropped. */
  finish(): LogEntry[] {
    if (this.full) {
      try {
        this.dropped += this.guestDropped() - (this.cutLast ? 1 : 0);
      } catch {
        // The count is informative only.
      }
      this.entries.push({
        level: 'warn',
        message: `[console output truncated: the limit is ${this.limits.maxLogEntries} entries or ${formatBytes(this.limits.logBytes)}; ${this.dropped} later entries were dropped]`,
      });
      this.full = false;
    }
    return this.entries;
  }

  private emit(entry: LogEntry): void {
    this.entries.push(entry);
    try {
      this.onLog?.(entry);
    } catch (error) {
      this.logger?.debug('sandbox: a log listener failed', { error: messageOf(error) });
    }
  }
}
