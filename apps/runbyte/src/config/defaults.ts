import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliConfig } from './schema.js';

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

export interface SearchPlaces {
  cwd?: string;
  home?: string;
}

/** Where a config is looked for when neither --config nor RUNBYTE_CONFIG names one, in order. */
export function configSearchPaths(places: SearchPlaces = {}): string[] {
  const cwd = places.cwd ?? process.cwd();
  const home = places.home ?? homedir();
  return [
    resolve(cwd, 'runbyte.json'),
    join(home, '.config', 'runbyte', 'config.json'),
    join(home, '.runbyte', 'config.json'),
    '/etc/runbyte/config.json',
  ];
}

/** The demo MCP server shipped with the CLI (plain JS, so it runs from both src/ and dist/). */
export const DEMO_SERVER_FILE: string = fileURLToPath(new URL('../../demo/demo-server.mjs', import.meta.url));

/** With no config at all: the demo server, started with this same node, so it works offline. */
export function demoConfig(): CliConfig {
  return { mcpServers: { demo: { command: process.execPath, args: [DEMO_SERVER_FILE] } } };
}
