import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/args.js';
import { RunbyteCliError } from '../src/index.js';

function usageError(argv: string[]): RunbyteCliError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(RunbyteCliError);
    return error as RunbyteCliError;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('flags', () => {
  it('serves over stdio when given nothing, leaving defaults to be applied later', () => {
    expect(parseCliArgs([])).toEqual({ command: 'serve' });
  });

  it('accepts the single-dash forms the original Runbyte documents', () => {
    expect(parseCliArgs(['-config', 'a.json', '-transport', 'http', '-port', '8080'])).toEqual({
      command: 'serve',
      config: 'a.json',
      transport: 'http',
      port: 8080,
    });
  });

  it('accepts double-dash, --flag=value, -flag=value and short forms alike', () => {
    const expected = {
      command: 'serve',
      config: 'b.json',
      transport: 'http',
      port: 0,
      host: '0.0.0.0',
      stateless: true,
      logLevel: 'debug',
    };
    expect(
      parseCliArgs([
        '--config',
        'b.json',
        '--transport',
        'http',
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--stateless',
        '--log-level',
        'debug',
      ]),
    ).toEqual(expected);
    expect(
      parseCliArgs([
        '--config=b.json',
        '--transport=http',
        '--port=0',
        '--host=0.0.0.0',
        '--stateless',
        '--log-level=debug',
      ]),
    ).toEqual(expected);
    expect(
      parseCliArgs(['-config=b.json', '-transport=http', '-port=0', '-host=0.0.0.0', '-stateless', '-log-level=debug']),
    ).toEqual(expected);
    expect(
      parseCliArgs([
        '-c',
        'b.json',
        '-t',
        'http',
        '-p',
        '0',
        '--host',
        '0.0.0.0',
        '--stateless',
        '--log-level',
        'DEBUG',
      ]),
    ).toEqual(expected);
  });

  it('reads the commands and their argument, with flags before or after', () => {
    expect(parseCliArgs(['exec', 'hello.ts', '--config', 'c.json'])).toEqual({
      command: 'exec',
      target: 'hello.ts',
      config: 'c.json',
    });
    expect(parseCliArgs(['-config', 'c.json', 'ls'])).toEqual({ command: 'ls', config: 'c.json' });
    expect(parseCliArgs(['ls', '/servers'])).toEqual({ command: 'ls', target: '/servers' });
    expect(parseCliArgs(['cat', '/servers/index.ts'])).toEqual({ command: 'cat', target: '/servers/index.ts' });
    expect(parseCliArgs(['serve', '--transport', 'http'])).toEqual({ command: 'serve', transport: 'http' });
  });

  it('answers --help and --version before anything else, in every style', () => {
    for (const flag of ['--help', '-help', '-h', 'help']) expect(parseCliArgs([flag]).command).toBe('help');
    for (const flag of ['--version', '-version', '-v', 'version']) expect(parseCliArgs([flag]).command).toBe('version');
    expect(parseCliArgs(['--port', 'nonsense', '--help']).command).toBe('help');
  });

  it('refuses an unknown flag, naming it as typed and listing the valid ones, with exit code 2', () => {
    const error = usageError(['--prot', '3000']);
    expect(error.code).toBe('UNKNOWN_FLAG');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('Unknown flag --prot.');
    expect(error.message).toContain(
      '--config, --transport, --port, --host, --stateless, --log-level, --no-open, --help, --version',
    );
    expect(usageError(['-conifg', 'x.json']).message).toContain('Unknown flag -conifg.');
    expect(usageError(['-x']).message).toContain('Unknown flag -x.');
  });

  it('refuses malformed values, saying what is expected', () => {
    expect(usageError(['--port', 'abc']).message).toBe(
      '--port must be a port number from 0 to 65535 (0 picks a free one), got "abc".',
    );
    expect(usageError(['--port', '70000']).code).toBe('BAD_FLAG_VALUE');
    expect(usageError(['--transport', 'sse']).message).toBe('--transport must be stdio or http, got "sse".');
    expect(usageError(['--log-level', 'loud']).message).toBe(
      '--log-level must be one of debug, info, warn, error, silent, got "loud".',
    );
    expect(usageError(['--config']).message).toBe('Flag --config needs a value, e.g. --config=runbyte.json.');
    expect(usageError(['--stateless=yes']).message).toBe('Flag --stateless takes no value; write --stateless alone.');
    expect(usageError(['--config=']).message).toContain('--config is empty');
  });

  it('refuses unknown commands and missing or extra arguments', () => {
    expect(usageError(['start']).message).toBe(
      'Unknown command "start". Commands: serve, exec, ls, cat, login, logout, help, version (serve is the default). Run runbyte --help for details.',
    );
    expect(usageError(['exec']).code).toBe('MISSING_ARGUMENT');
    expect(usageError(['exec']).message).toContain('runbyte exec needs a file');
    expect(usageError(['cat']).message).toContain('runbyte cat needs a path');
    expect(usageError(['ls', '/a', '/b']).message).toBe(
      'Unexpected argument "/b" after "ls". Run runbyte --help for usage.',
    );
    expect(usageError(['serve', 'extra']).exitCode).toBe(2);
  });

  it('reads login and logout with the server name, and --no-open', () => {
    expect(parseCliArgs(['login', 'github', '--no-open'])).toEqual({
      command: 'login',
      target: 'github',
      noOpen: true,
    });
    expect(parseCliArgs(['logout', 'github', '-c', 'r.json'])).toEqual({
      command: 'logout',
      target: 'github',
      config: 'r.json',
    });
    expect(usageError(['login']).message).toBe(
      'runbyte login needs the name of a server in the config: runbyte login github [--config runbyte.json].',
    );
  });

  it('leaves everything after -- alone', () => {
    expect(parseCliArgs(['cat', '--', '-config']).target).toBe('-config');
  });
});
