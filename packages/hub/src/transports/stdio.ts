import { createInterface } from 'node:readline';
import type { StdioServerConfig } from '../types.js';
import { serverEnvironment } from './safe-env.js';
import { StdioLineClientTransport } from './stdio-client.js';

/**
 * Spawns the server with a safe default environment plus its `env` (see serverEnvironment).
 * stderr is piped, never inherited: in stdio mode our own stdout/stderr belong to the MCP client.
 */
export function createStdioTransport(
  config: StdioServerConfig,
  onStderrLine: (line: string) => void,
  maxMessageBytes: number,
): StdioLineClientTransport {
  const transport = new StdioLineClientTransport({
    command: config.command,
    args: config.args ?? [],
    env: serverEnvironment(config.env),
    ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
    maxMessageBytes,
  });
  const lines = createInterface({ input: transport.stderr, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() !== '') onStderrLine(line);
  });
  return transport;
}
