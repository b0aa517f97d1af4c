// The state every part of one run shares: the first fatal condition (deadline, abort, limit), the end
// of the run, and the wake-up of the event loop. A run ends one way: a part throws `RunFailure`, or
// the export's value is converted; `execute()` turns either into the RunResult.
import type { ExecutionErrorInfo, ExecutionErrorKind } from '../types.js';

/** Unwinds a run: thrown by any part, caught once by `execute()`. */
export class RunFailure extends Error {
  constructor(readonly info: ExecutionErrorInfo) {
    super(info.message);
  }
}

export class RunState {
  /** The condition that condemned the run; once set, it is the run's outcome whatever happens next. */
  fatal: ExecutionErrorInfo | undefined;
  ended = false;
  /** The WASM module's state can no longer be trusted: skip disposal and retire the module. */
  broken = false;
  /** Set once the prelude ran: limits apply from the user's code on. */
  guestStarted = false;
  /** Trusted code the sandbox compiles on demand is running: like the prelude, never interrupted. */
  trusted = 0;
  /** Fires when the run ends for any reason: the signal of every host call. */
  readonly end = new AbortController();
  deadline: number;
  // While a host call holds a pause (it waits for a person, e.g. an approval) the clock stops: the
  // deadline moves on by the paused time.
  private pauses = 0;
  private pausedAt = 0;
  // Set by anything that may let the loop progress, so a settlement between two waits is never missed.
  private signalled = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly started: number,
    readonly timeoutMs: number,
  ) {
    this.deadline = started + timeoutMs;
  }

  /** Past the deadline, and no pause held. */
  overdue(now = performance.now()): boolean {
    return this.pauses === 0 && now > this.deadline;
  }

  /** Stops the clock until the returned function is called (once); pauses nest. */
  pauseTimeout(): () => void {
    if (this.pauses++ === 0) this.pausedAt = performance.now();
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      if (--this.pauses === 0) {
        this.deadline += performance.now() - this.pausedAt;
        this.notify();
      }
    };
  }

  fatalCopy(): ExecutionErrorInfo | undefined {
    return this.fatal ? { ...this.fatal } : undefined;
  }

  condemn(kind: ExecutionErrorKind, message: string): void {
    this.fatal ??= { kind, message };
    this.notify();
  }

  timeout(): void {
    this.condemn('timeout', `The execution took longer than the ${this.timeoutMs} ms time limit and was stopped.`);
  }

  abort(): void {
    this.condemn('aborted', 'The execution was aborted by the caller.');
  }

  /** Throws once the run is condemned or past its deadline. */
  check(): void {
    if (!this.fatal && this.overdue()) this.timeout();
    if (this.fatal) throw new RunFailure({ ...this.fatal });
  }

  /** The failure to throw for a guest error: a fatal condition recorded meanwhile wins. */
  failure(info: ExecutionErrorInfo): RunFailure {
    this.check();
    return new RunFailure(info);
  }

  notify(): void {
    this.signalled = true;
    this.wake?.();
  }

  /** Resolves at the first notification, at `until` or at the deadline, whichever comes first. */
  waitForWork(until: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.signalled) {
        this.signalled = false;
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.signalled = false;
        resolve();
      };
      const next = this.pauses > 0 ? until : Math.min(until, this.deadline);
      const timer = Number.isFinite(next) ? setTimeout(done, Math.max(0, next - performance.now())) : undefined;
      this.wake = done;
    });
  }

  close(): void {
    this.ended = true;
    this.end.abort();
    this.wake?.();
  }

  elapsed(): number {
    return Math.round((performance.now() - this.started) * 100) / 100;
  }
}
