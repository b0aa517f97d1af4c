import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliConfig } from './schema.js';

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

export interface SearchPlaces {
  cwd?: string;
  home?: string;
  /** $XDG_CONFIG_HOME; default from process.env. Ignored unless absolute, as the XDG spec says. */
  xdgConfigHome?: string;
}

/** Where a config is looked for when neither --config nor RUNBYTE_CONFIG names one, in order. */
export function configSearchPaths(places: SearchPlaces = {}): string[] {
  const cwd = places.cwd ?? process.cwd();
  const home = places.home ?? homedir();
  const xdg = 'xdgConfigHome' in places ? places.xdgConfigHome : process.env.XDG_CONFIG_HOME;
  const xdgFile = xdg && isAbsolute(xdg) ? join(xdg, 'runbyte', 'config.json') : undefined;
  const dotConfig = join(home, '.config', 'runbyte', 'config.json');
  return [
    resolve(cwd, 'runbyte.json'),
    // A user who moved XDG_CONFIG_HOME keeps their config there; ~/.config stays for those who did not.
    ...(xdgFile && xdgFile !== dotConfig ? [xdgFile] : []),
    dotConfig,
    join(home, '.runbyte', 'config.json'),
    '/etc/runbyte/config.json',
  ];
}

/**
 * The OAuth credentials of remote servers (written by `runbyte login`, 0600): $RUNBYTE_CREDENTIALS, else
 * runbyte/credentials.json in $XDG_CONFIG_HOME (when absolute), else in ~/.config.
 */
export function credentialsFile(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  if (env.RUNBYTE_CREDENTIALS) return resolve(env.RUNBYTE_CREDENTIALS);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'runbyte', 'credentials.json');
}

/** The demo MCP server shipped with the CLI (plain JS, so it runs from both src/ and dist/). */
export const DEMO_SERVER_FILE: string = fileURLToPath(new URL('../../demo/demo-server.mjs', import.meta.url));

/** With no config at all: the demo server, started with this same node, so it works offline. */
export function demoConfig(): CliConfig {
  return { mcpServers: { demo: { command: process.execPath, args: [DEMO_SERVER_FILE] } } };
}
