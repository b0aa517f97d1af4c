import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StdioServerConfig } from '../types.js';
import { serverEnvironment } from './safe-env.js';

/**
 * Spawns the server with a safe default environment plus its `env` (see serverEnvironment).
 * stderr is piped, never inherited: in stdio mode our own stdout/stderr belong to the MCP client.
 */
export function createStdioTransport(
  config: StdioServerConfig,
  onStderrLine: (line: string) => void,
): StdioClientTransport {
  const env = serverEnvironment(config.env);
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    env,
    ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
    stderr: 'pipe',
  });
  const stderr = transport.stderr;
  if (stderr) {
    const lines = createInterface({ input: stderr as Readable, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (line.trim() !== '') onStderrLine(line);
    });
  }
  return transport;
}
