import { parseArgs } from 'node:util';
import { RunbyteCliError } from './errors.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';

export type Command = 'serve' | 'exec' | 'ls' | 'cat' | 'login' | 'logout' | 'help' | 'version';
export type Transport = 'stdio' | 'http';

/** The command line, parsed; values the user did not give are absent (defaults are applied later). */
export interface CliArgs {
  command: Command;
  /** exec: the file; ls/cat: the path. */
  target?: string;
  config?: string;
  transport?: Transport;
  port?: number;
  host?: string;
  stateless?: boolean;
  logLevel?: LogLevel;
  /** login: print the authorization URL without trying to open a browser. */
  noOpen?: boolean;
}

const COMMANDS: readonly Command[] = ['serve', 'exec', 'ls', 'cat', 'login', 'logout', 'help', 'version'];
const TRANSPORTS: readonly Transport[] = ['stdio', 'http'];

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  transport: { type: 'string', short: 't' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  stateless: { type: 'boolean' },
  'log-level': { type: 'string' },
  'no-open': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;
const LONG_NAMES = Object.keys(OPTIONS) as OptionName[];
const VALID_FLAGS = LONG_NAMES.map((name) => `--${name}`);

/** The original Runbyte (a Go program) documents `-config`, `-port`, `-transport`; node's parseArgs only
 * knows `--name`, so a single dash before a known long name becomes two. */
export function normaliseArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const arg of argv) {
    if (rest || arg === '--') {
      rest = true;
      out.push(arg);
      continue;
    }
    const match = /^-([a-z][a-z-]+)(=.*)?$/.exec(arg);
    out.push(match ? `-${arg}` : arg);
  }
  return out;
}

/** Parses argv (without node and the script). Throws RunbyteCliError (exit code 2) for anything unknown or malformed. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args = normaliseArgv(argv);
  const { tokens } = parseArgs({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });

  const values: Partial<Record<OptionName, string | boolean>> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const name = token.name as OptionName;
    if (!(LONG_NAMES as string[]).includes(token.name)) {
      // Report the flag as typed (`-foo`, not the normalised `--foo`).
      const typed = (argv[token.index] ?? token.rawName).split('=')[0] ?? token.rawName;
      throw new RunbyteCliError(
        'UNKNOWN_FLAG',
        `Unknown flag ${typed}. Valid flags: ${VALID_FLAGS.join(', ')} (single-dash forms such as -config work too). Run runbyte --help for details.`,
        { flag: typed, valid: VALID_FLAGS },
      );
    }
    const spec = OPTIONS[name];
    if (spec.type === 'string') {
      if (token.value === undefined) {
        throw new RunbyteCliError('BAD_FLAG_VALUE', `Flag --${name} needs a value, e.g. --${name}=${example(name)}.`, {
          flag: `--${name}`,
        });
      }
      values[name] = token.value;
    } else {
      if (token.value !== undefined) {
        throw new RunbyteCliError('BAD_FLAG_VALUE', `Flag --${name} takes no value; write --${name} alone.`, {
          flag: `--${name}`,
        });
      }
      values[name] = true;
    }
  }

  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };

  let command: Command = 'serve';
  const [first, ...rest] = positionals;
  if (first !== undefined) {
    if (!(COMMANDS as string[]).includes(first)) {
      throw new RunbyteCliError(
        'UNKNOWN_COMMAND',
        `Unknown command "${first}". Commands: ${COMMANDS.join(', ')} (serve is the default). Run runbyte --help for details.`,
        { valid: [...COMMANDS] },
      );
    }
    command = first as Command;
  }
  const result: CliArgs = { command };
  const maxPositionals = ['exec', 'cat', 'ls', 'login', 'logout'].includes(command) ? 1 : 0;
  if (rest.length > maxPositionals) {
    throw new RunbyteCliError(
      'UNKNOWN_COMMAND',
      `Unexpected argument "${rest[maxPositionals]}" after "${command}". Run runbyte --help for usage.`,
    );
  }
  if (rest[0] !== undefined) result.target = rest[0];
  if (command === 'exec' && result.target === undefined) {
    throw new RunbyteCliError(
      'MISSING_ARGUMENT',
      'runbyte exec needs a file: runbyte exec script.ts [--config runbyte.json].',
    );
  }
  if (command === 'cat' && result.target === undefined) {
    throw new RunbyteCliError('MISSING_ARGUMENT', 'runbyte cat needs a path: runbyte cat /servers/index.ts.');
  }
  if ((command === 'login' || command === 'logout') && result.target === undefined) {
    throw new RunbyteCliError(
      'MISSING_ARGUMENT',
      `runbyte ${command} needs the name of a server in the config: runbyte ${command} github [--config runbyte.json].`,
    );
  }
  if (command === 'help' || command === 'version') return result;

  if (typeof values.config === 'string') {
    if (values.config === '')
      throw new RunbyteCliError('BAD_FLAG_VALUE', 'Flag --config is empty: give the path of a config file.', {
        flag: '--config',
      });
    result.config = values.config;
  }
  if (typeof values.transport === 'string') result.transport = parseTransport(values.transport, '--transport');
  if (typeof values.port === 'string') result.port = parsePort(values.port, '--port');
  if (typeof values.host === 'string') {
    if (values.host.trim() === '')
      throw new RunbyteCliError(
        'BAD_FLAG_VALUE',
        'Flag --host is empty: give an address such as 127.0.0.1 or 0.0.0.0.',
        { flag: '--host' },
      );
    result.host = values.host;
  }
  if (values.stateless === true) result.stateless = true;
  if (values['no-open'] === true) result.noOpen = true;
  if (typeof values['log-level'] === 'string') result.logLevel = parseLogLevel(values['log-level'], '--log-level');
  return result;
}

export function parseTransport(value: string, source: string): Transport {
  const lower = value.trim().toLowerCase();
  if ((TRANSPORTS as string[]).includes(lower)) return lower as Transport;
  throw new RunbyteCliError('BAD_FLAG_VALUE', `${source} must be stdio or http, got "${value}".`, {
    flag: source,
    valid: [...TRANSPORTS],
  });
}

export function parsePort(value: string, source: string): number {
  const trimmed = value.trim();
  const port = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RunbyteCliError(
      'BAD_FLAG_VALUE',
      `${source} must be a port number from 0 to 65535 (0 picks a free one), got "${value}".`,
      { flag: source },
    );
  }
  return port;
}

export function parseLogLevel(value: string, source: string): LogLevel {
  const lower = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(lower)) return lower as LogLevel;
  throw new RunbyteCliError('BAD_FLAG_VALUE', `${source} must be one of ${LOG_LEVELS.join(', ')}, got "${value}".`, {
    flag: source,
    valid: [...LOG_LEVELS],
  });
}

function example(name: OptionName): string {
  switch (name) {
    case 'config':
      return 'runbyte.json';
    case 'transport':
      return 'http';
    case 'port':
      return '3000';
    case 'host':
      return '127.0.0.1';
    case 'log-level':
      return 'debug';
    default:
      return 'value';
  }
}

export const HELP_TEXT = `runbyte: one MCP server in front of all your MCP servers, in code mode.

Usage:
  runbyte [serve] [flags]        serve MCP over stdio (default) or Streamable HTTP
  runbyte exec FILE.ts [flags]   run a script's exec() through the same pipeline; prints the result
  runbyte ls [PATH] [flags]      list the virtual filesystem the agent sees (default /)
  runbyte cat PATH [flags]       print a file of the virtual filesystem
  runbyte login SERVER [flags]   log in to a remote server that uses OAuth (opens the browser; --no-open)
  runbyte logout SERVER [flags]  forget the OAuth credentials of a server
  runbyte --help | --version

Flags (single-dash forms such as -config, -port, -transport work too; --flag=value as well):
  -c, --config FILE        config file (default: search, see below; env RUNBYTE_CONFIG)
  -t, --transport KIND     stdio or http (default stdio; env RUNBYTE_TRANSPORT)
  -p, --port N             HTTP port (default 3000; 0 picks a free one; env RUNBYTE_PORT)
      --host ADDR          HTTP interface (default 127.0.0.1; env RUNBYTE_HOST)
      --stateless          HTTP without sessions, for replicas behind a load balancer
      --log-level LEVEL    debug, info, warn, error or silent (default info; env RUNBYTE_LOG_LEVEL)
      --no-open            login: print the authorization URL, do not open a browser
  -h, --help               this text
  -v, --version            the version

Config search (first found): --config / RUNBYTE_CONFIG, ./runbyte.json, ~/.config/runbyte/config.json,
~/.runbyte/config.json, /etc/runbyte/config.json. With none, a built-in offline demo server is used.
HTTP bearer token: server.authToken in the config or env RUNBYTE_AUTH_TOKEN.
OAuth logins: ~/.config/runbyte/credentials.json (or $XDG_CONFIG_HOME/runbyte/; env RUNBYTE_CREDENTIALS), mode 0600.
Logs go to stderr; in stdio mode stdout carries only JSON-RPC.
`;
