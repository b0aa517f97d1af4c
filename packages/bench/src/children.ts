import { fork } from 'node:child_process';
import { script } from './paths.js';

/** Forks one of our compiled scripts and resolves with the first message it sends. */
export function forkForMessage<T>(
  name: string,
  args: string[],
  options: { execArgv?: string[]; timeoutMs?: number } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script(name), args, {
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${name} did not answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 300_000);
    const finish = (error: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    };
    child.on('message', (message) => {
      const failure = (message as { error?: unknown }).error;
      if (typeof failure === 'string') finish(new Error(failure));
      else finish(undefined, message as T);
      // The child closes its Runbyte and exits by itself; a leaked handle must not keep it alive.
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code) =>
      finish(
        new Error(`${name} exited with ${code} before answering: ${stderr.trim().split('\n').slice(-3).join(' / ')}`),
      ),
    );
  });
}
