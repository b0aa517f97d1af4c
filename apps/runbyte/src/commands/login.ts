import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { createFileCredentialStore, loginServer, type RemoteServerConfig } from '@runbyte/hub';
import type { RunbyteConfig } from '@runbyte/server';
import { didYouMean } from '@runbyte/utils';
import { RunbyteCliError } from '../errors.js';
import type { Logger } from '../logger.js';

/** `runbyte login SERVER`: the OAuth authorization-code flow, the tokens saved in the credentials file. */
export async function login(
  name: string,
  config: RunbyteConfig,
  file: string,
  logger: Logger,
  io: { stdout: Writable; open: boolean },
): Promise<number> {
  const server = remoteServer(name, config);
  const store = createFileCredentialStore(file);
  await loginServer(name, server, {
    store,
    onAuthorizationUrl(url) {
      io.stdout.write(
        `Open this URL in a browser to log in to "${name}":\n\n  ${url.href}\n\nWaiting for the browser…\n`,
      );
      if (io.open) openBrowser(url.href, logger);
    },
  });
  // The file holds tokens: its path is worth showing, its contents never.
  io.stdout.write(`Logged in to "${name}". Credentials saved in ${file}; a running Runbyte picks them up.\n`);
  return 0;
}

/** `runbyte logout SERVER`: forgets the server's client registration and tokens. */
export function logout(name: string, config: RunbyteConfig, file: string, io: { stdout: Writable }): number {
  remoteServer(name, config);
  const removed = createFileCredentialStore(file).remove(name);
  io.stdout.write(
    removed > 0
      ? `Logged out of "${name}" (its credentials were removed from ${file}).\n`
      : `No stored login for "${name}".\n`,
  );
  return 0;
}

function remoteServer(name: string, config: RunbyteConfig): RemoteServerConfig {
  const server = config.mcpServers[name];
  if (!server) {
    const names = Object.keys(config.mcpServers);
    const hint = didYouMean(name, names);
    throw new RunbyteCliError(
      'UNKNOWN_SERVER',
      `No server "${name}" in the config.${hint ? ` ${hint}` : ''} Configured: ${names.join(', ') || 'none'}.`,
      { valid: names },
    );
  }
  if (!('url' in server))
    throw new RunbyteCliError(
      'NOT_OAUTH',
      `Server "${name}" is a local process ("command"); only remote servers ("url") log in with OAuth.`,
    );
  if (Object.keys(server.headers ?? {}).some((key) => key.toLowerCase() === 'authorization'))
    throw new RunbyteCliError(
      'NOT_OAUTH',
      `Server "${name}" sends its own Authorization header ("headers"); remove it to log in with OAuth instead.`,
    );
  return server;
}

/** Best effort: a machine without a browser (SSH, a container) still has the printed URL. */
function openBrowser(url: string, logger: Logger): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => logger.debug(`could not start ${command}; open the URL by hand`));
    child.unref();
  } catch {
    logger.debug(`could not start ${command}; open the URL by hand`);
  }
}
