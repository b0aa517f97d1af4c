import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** `<user data dir>/runbyte`: Runbyte's data folder (the default workspace and learned result types live in it). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return join(userDataDir(env, platform), 'runbyte');
}

/**
 * `<user data dir>/runbyte/workspace`: $XDG_DATA_HOME (else ~/.local/share) on Linux and other
 * Unixes, ~/Library/Application Support on macOS, %APPDATA% (else ~/AppData/Roaming) on Windows.
 */
export function defaultWorkspaceDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return join(userDataDir(env, platform), 'runbyte', 'workspace');
}

function userDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32')
    return env.APPDATA && isAbsolute(env.APPDATA) ? env.APPDATA : join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  return env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
}
