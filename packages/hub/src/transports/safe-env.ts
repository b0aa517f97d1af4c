import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

/**
 * The environment of a stdio server: what a desktop client would give it (the SDK's safe default set:
 * HOME, PATH, USER, SHELL, TERM, ... ) plus the config's `env`. Never the rest of Runbyte's own
 * environment, which holds its secrets (RUNBYTE_AUTH_TOKEN) and those of every other server; a server
 * that needs a variable gets it through its `env` (`"TOKEN": "${TOKEN}"`).
 */
export function serverEnvironment(configEnv: Record<string, string> | undefined): Record<string, string> {
  return { ...getDefaultEnvironment(), ...configEnv };
}
