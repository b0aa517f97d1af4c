import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { ExecuteOutcome, Runbyte, RunbyteConfig } from '@runbyte/server';
import { RunbyteCliError } from '../errors.js';
import type { Logger } from '../logger.js';
import { startRunbyte, untilSignal } from './start.js';

const PHASE_LABELS: Record<string, string> = {
  bundling: 'Bundling failed',
  runtime: 'Runtime error',
  timeout: 'Timed out',
  limit: 'Limit exceeded',
  aborted: 'Aborted',
};

/** Runs a script's exec() once: the result as JSON on stdout, its console output and any failure on
 * stderr. Exit code 0 on success, 1 when the script failed, 130 when interrupted. */
export async function execFile(file: string, config: RunbyteConfig, logger: Logger, io: { stdout: Writable; stderr: Writable; cwd?: string }): Promise<number> {
  let code: string;
  try {
    code = await readFile(resolve(io.cwd ?? process.cwd(), file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new RunbyteCliError('FILE_UNREADABLE', `Cannot read the script ${file}: ${reason}.`, { file });
  }

  const signals = untilSignal(logger);
  let runbyte: Runbyte | undefined;
  try {
    runbyte = await startRunbyte(config, logger);
    const controller = new AbortController();
    void signals.signal.then(() => controller.abort());
    const outcome = await runbyte.executeCode(code, { signal: controller.signal });
    for (const entry of outcome.logs) io.stderr.write(`${entry.level}: ${entry.message}\n`);
    logger.info(`executed in ${outcome.durationMs} ms`, { toolCalls: outcome.toolCalls });
    if (outcome.ok) {
      io.stdout.write(`${JSON.stringify(outcome.result, null, 2)}\n`);
      if (outcome.note) io.stderr.write(`note: ${outcome.note}\n`);
      return 0;
    }
    io.stderr.write(`${describeFailure(outcome, file)}\n`);
    return outcome.phase === 'aborted' ? 130 : 1;
  } finally {
    signals.dispose();
    await runbyte?.close();
  }
}

function describeFailure(outcome: Extract<ExecuteOutcome, { ok: false }>, file: string): string {
  // The pipeline names the entry module agent.ts; the user knows it by the file they gave.
  const location = outcome.location ? ` at ${outcome.location.file === 'agent.ts' ? file : outcome.location.file}:${outcome.location.line}:${outcome.location.column}` : '';
  const head = `${PHASE_LABELS[outcome.phase] ?? outcome.phase} (${outcome.phase})${location}: ${outcome.message}`;
  return outcome.frame ? `${head}\n${outcome.frame.replace(/\s+$/, '')}` : head;
}
