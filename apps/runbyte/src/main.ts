import type { Writable } from 'node:stream';
import type { RunbyteConfig } from '@runbyte/server';
import { HELP_TEXT, parseCliArgs, type CliArgs } from './args.js';
import type { Env } from './config/substitute.js';
import { RunbyteCliError } from './errors.js';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import { resolveLogLevel, resolveServeSettings } from './settings.js';
import { VERSION } from './version.js';

export interface CliIo {
  env?: Env;
  cwd?: string;
  home?: string;
  stdout?: Writable;
  stderr?: Writable;
}

/** Runs the runbyte command line; resolves to the process exit code. Errors are printed, never thrown. */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let logLevel: LogLevel = 'info';
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      stdout.write(HELP_TEXT);
      return 0;
    }
    if (args.command === 'version') {
      stdout.write(`runbyte ${VERSION}\n`);
      return 0;
    }
    // One-shot commands print their answer; the connection chatter would only bury it.
    logLevel = resolveLogLevel(args, env, args.command === 'serve' ? 'info' : 'warn');
    const logger = createLogger({ level: logLevel, stream: stderr });
    const config = await load(args, env, io, logger);

    // Loaded on demand: --help, --version and config errors answer without loading the pipeline (WASM, compilers).
    switch (args.command) {
      case 'serve': {
        const settings = resolveServeSettings(args, env, config);
        const { serve } = await import('./commands/serve.js');
        return await serve(config, settings, logger);
      }
      case 'exec': {
        const { execFile } = await import('./commands/exec.js');
        return await execFile(args.target!, config, logger, { stdout, stderr, ...(io.cwd ? { cwd: io.cwd } : {}) });
      }
      case 'ls': {
        const { ls } = await import('./commands/ls.js');
        return await ls(args.target, config, logger, { stdout });
      }
      case 'cat': {
        const { cat } = await import('./commands/cat.js');
        return await cat(args.target!, config, logger, { stdout });
      }
      case 'login':
      case 'logout': {
        const { login, logout } = await import('./commands/login.js');
        const { credentialsFile } = await import('./config/defaults.js');
        const file = credentialsFile(env, io.home);
        if (args.command === 'logout') return logout(args.target!, config, file, { stdout });
        return await login(args.target!, config, file, logger, { stdout, open: args.noOpen !== true });
      }
    }
  } catch (error) {
    stderr.write(`runbyte: ${errorText(error, logLevel)}\n`);
    return error instanceof RunbyteCliError ? error.exitCode : 1;
  }
}

async function load(args: CliArgs, env: Env, io: CliIo, logger: Logger): Promise<RunbyteConfig> {
  // On demand too: validation uses the hub, which loads the MCP SDK's client.
  const { loadConfig } = await import('./config/load.js');
  const { configSearchPaths, DEMO_SERVER_FILE } = await import('./config/defaults.js');
  const places = { ...(io.cwd ? { cwd: io.cwd } : {}), ...(io.home ? { home: io.home } : {}) };
  const loaded = loadConfig({ ...places, env, ...(args.config !== undefined ? { configPath: args.config } : {}) });
  if (loaded.source === 'demo') {
    logger.warn(
      `No config found (looked for ${configSearchPaths(places).join(', ')}), so Runbyte is running the built-in demo server ` +
        '"demo" (offline, canned data). Put your servers in ./runbyte.json or pass --config to use your own.',
      { demoServer: DEMO_SERVER_FILE.split(/[\\/]/).slice(-2).join('/') },
    );
  } else {
    logger.info(`config ${loaded.file}`, { source: loaded.source, servers: Object.keys(loaded.config.mcpServers) });
  }
  for (const warning of loaded.warnings) logger.warn(`config: ${warning}`);
  for (const name of loaded.disabled) logger.info(`config: server "${name}" is disabled; skipping it`);
  return loaded.config;
}

function errorText(error: unknown, level: LogLevel): string {
  if (!(error instanceof Error)) return String(error);
  // Known errors carry a message that says what to fix; the stack helps only someone debugging Runbyte.
  const known = error instanceof RunbyteCliError || typeof (error as { code?: unknown }).code === 'string';
  if (level === 'debug' && !known && error.stack) return error.stack;
  return error.message;
}
