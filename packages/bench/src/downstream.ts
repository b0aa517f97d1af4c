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
