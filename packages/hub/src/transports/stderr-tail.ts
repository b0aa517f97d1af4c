import { STDERR_CAUSE, stderrSummary } from '../reasons.js';

const KEPT_LINES = 20;

/** The last stderr lines of one stdio server process, to say why it failed or exited. */
export class StderrTail {
  private readonly lines: string[] = [];

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length <= KEPT_LINES) return;
    // Keep the first line that says why (an `Error: ...` above a long stack) as the tail moves on.
    if (STDERR_CAUSE.test(this.lines[0] ?? '')) this.lines.splice(1, 1);
    else this.lines.shift();
  }

  get all(): readonly string[] {
    return this.lines;
  }

  summary(): string {
    return stderrSummary(this.lines);
  }
}
