import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { describeFailure, type Runbyte, type RunbyteConfig } from '@runbyte/server';
import { RunbyteCliError } from '../errors.js';
import type { Logger } from '../logger.js';
import { startRunbyte, untilSignal } from './start.js';

/** Runs a script's exec() once: the result as JSON on stdout, its console output and any failure on
 * stderr. Exit code 0 on success, 1 when the script failed, 130 when interrupted. */
export async function execFile(
  file: string,
  config: RunbyteConfig,
  logger: Logger,
  io: { stdout: Writable; stderr: Writable; cwd?: string },
): Promise<number> {
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
    // Console output goes out as the script writes it, so a long run shows its progress.
    const outcome = await runbyte.executeCode(code, {
      signal: controller.signal,
      filename: basename(file),
      onLog: (entry) => io.stderr.write(`${entry.level}: ${entry.message}\n`),
    });
    // The truncation notice is added once the run ends, after the entries streamed above.
    const last = outcome.logs.at(-1);
    if (last?.message.startsWith('[console output truncated')) io.stderr.write(`${last.level}: ${last.message}\n`);
    logger.info(`executed in ${outcome.durationMs} ms`, { toolCalls: outcome.toolCalls });
    if (outcome.ok) {
      io.stdout.write(`${JSON.stringify(outcome.result, null, 2)}\n`);
      if (outcome.note) io.stderr.write(`note: ${outcome.note}\n`);
      return 0;
    }
    io.stderr.write(`${describeFailure(outcome)}\n`);
    return outcome.phase === 'aborted' ? 130 : 1;
  } finally {
    signals.dispose();
    await runbyte?.close();
  }
}
