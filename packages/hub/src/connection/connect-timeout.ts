import type { ServerConfig } from '../types.js';

const RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'uvx']);
const RUNNER_SUBCOMMANDS: Record<string, string[]> = {
  pnpm: ['dlx'],
  yarn: ['dlx'],
  npm: ['exec', 'x'],
  bun: ['x'],
  uv: ['run', 'tool'],
  docker: ['run'],
  podman: ['run'],
};

/** `npx ...`, `pnpm dlx ...`, `docker run ...`: a command that may fetch what it runs before it speaks MCP. */
export function isPackageRunner(command: string, args: readonly string[]): boolean {
  const base = (command.split(/[\\/]/).pop() ?? command).replace(/\.(cmd|exe|bat)$/i, '').toLowerCase();
  if (RUNNERS.has(base)) return true;
  const sub = args.find((arg) => !arg.startsWith('-'));
  return sub !== undefined && (RUNNER_SUBCOMMANDS[base]?.includes(sub) ?? false);
}

/**
 * A package runner (`npx -y`, `uvx`, `docker run`...) may download for minutes on its first start; a
 * normal timeout would kill it mid-download and start again, forever. Until it has once been ready it
 * gets the longer first-connect timeout; a server's own `connectTimeoutMs` wins over both.
 */
export function connectTimeoutFor(
  config: ServerConfig,
  everReady: boolean,
  hub: { connectTimeoutMs: number; firstStartTimeoutMs: number },
): number {
  if (config.connectTimeoutMs !== undefined) return config.connectTimeoutMs;
  if (!everReady && 'command' in config && isPackageRunner(config.command, config.args ?? []))
    return Math.max(hub.connectTimeoutMs, hub.firstStartTimeoutMs);
  return hub.connectTimeoutMs;
}
