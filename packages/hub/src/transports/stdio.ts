import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StdioServerConfig } from '../types.js';

/**
 * Spawns the server with `env` merged over our whole environment (the SDK alone would pass only a few safe
 * variables, and servers commonly read tokens and proxies from the environment they were started in).
 * stderr is piped, never inherited: in stdio mode our own stdout/stderr belong to the MCP client.
 */
export function createStdioTransport(
  config: StdioServerConfig,
  onStderrLine: (line: string) => void,
): StdioClientTransport {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, config.env);
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
