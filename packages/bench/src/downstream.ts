import { spawn } from 'node:child_process';
import { script } from './paths.js';
import type { CatalogueServer } from './catalogue.js';

/** A stdio server config (the hub's and Claude Desktop's shape) that starts the replay of one catalogue file. */
export interface StdioConfig {
  command: string;
  args: string[];
}

export function replayConfig(catalogue: string, name = catalogue, delayMs = 0): StdioConfig {
  const args = [script('replay-server.js'), '--catalogue', catalogue, '--name', name];
  if (delayMs > 0) args.push('--delay-ms', String(delayMs));
  return { command: process.execPath, args };
}

export function replayConfigs(servers: CatalogueServer[]): Record<string, StdioConfig> {
  return Object.fromEntries(servers.map((s) => [s.name, replayConfig(s.catalogue, s.name)]));
}

export interface HttpReplay {
  port: number;
  /** Hub configs for these servers, each at http://127.0.0.1:<port>/<name>/mcp. */
  configs(servers: CatalogueServer[]): Record<string, { type: 'http'; url: string }>;
  close(): Promise<void>;
}

/** Starts the HTTP replay server (the whole catalogue `copies` times in one process). */
export function startHttpReplay(copies: number): Promise<HttpReplay> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [script('replay-server.js'), '--http', '--port', '0', '--copies', String(copies)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let buffer = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the HTTP replay server exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening (\d+)/.exec(buffer);
      if (!match) return;
      const port = Number(match[1]);
      resolve({
        port,
        configs: (servers) =>
          Object.fromEntries(
            servers.map((s) => [
              s.name,
              { type: 'http' as const, url: `http://127.0.0.1:${port}/${encodeURIComponent(s.name)}/mcp` },
            ]),
          ),
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}
