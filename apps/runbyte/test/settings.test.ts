import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/args.js';
import { runCli } from '../src/index.js';
import { resolveLogLevel, resolveServeSettings } from '../src/settings.js';

describe('serve settings', () => {
  const config = {
    mcpServers: {},
    server: { port: 4000, host: '10.0.0.1', authToken: 'from-config', stateless: true },
  };

  it('defaults to stdio on 127.0.0.1:3000 without a token', () => {
    expect(resolveServeSettings(parseCliArgs([]), {}, { mcpServers: {} })).toEqual({
      transport: 'stdio',
      host: '127.0.0.1',
      port: 3000,
      stateless: false,
    });
  });

  it('takes the config server section over the defaults', () => {
    expect(resolveServeSettings(parseCliArgs([]), {}, config)).toEqual({
      transport: 'stdio',
      host: '10.0.0.1',
      port: 4000,
      stateless: true,
      authToken: 'from-config',
    });
  });

  it('takes environment variables over the config', () => {
    const env = {
      RUNBYTE_PORT: '5000',
      RUNBYTE_HOST: '0.0.0.0',
      RUNBYTE_AUTH_TOKEN: 'from-env',
      RUNBYTE_TRANSPORT: 'http',
    };
    expect(resolveServeSettings(parseCliArgs([]), env, config)).toEqual({
      transport: 'http',
      host: '0.0.0.0',
      port: 5000,
      stateless: true,
      authToken: 'from-env',
    });
  });

  it('takes flags over everything', () => {
    const env = { RUNBYTE_PORT: '5000', RUNBYTE_HOST: '0.0.0.0', RUNBYTE_TRANSPORT: 'http' };
    expect(
      resolveServeSettings(parseCliArgs(['-port', '6000', '--host', '::1', '-transport', 'stdio']), env, config),
    ).toMatchObject({ transport: 'stdio', host: '::1', port: 6000 });
  });

  it('refuses a malformed RUNBYTE_TRANSPORT or RUNBYTE_LOG_LEVEL, naming the variable', () => {
    expect(() => resolveServeSettings(parseCliArgs([]), { RUNBYTE_TRANSPORT: 'sse' }, config)).toThrow(
      'RUNBYTE_TRANSPORT must be stdio or http, got "sse".',
    );
    expect(() => resolveLogLevel(parseCliArgs([]), { RUNBYTE_LOG_LEVEL: 'chatty' }, 'info')).toThrow(
      'RUNBYTE_LOG_LEVEL must be one of',
    );
    expect(resolveLogLevel(parseCliArgs(['--log-level', 'error']), { RUNBYTE_LOG_LEVEL: 'debug' }, 'info')).toBe(
      'error',
    );
    expect(resolveLogLevel(parseCliArgs([]), { RUNBYTE_LOG_LEVEL: 'debug' }, 'info')).toBe('debug');
    expect(resolveLogLevel(parseCliArgs([]), {}, 'warn')).toBe('warn');
  });
});

describe('runCli in-process', () => {
  function sink(): { stream: Writable; text: () => string } {
    let text = '';
    return {
      stream: new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk);
          done();
        },
      }),
      text: () => text,
    };
  }

  it('prints help to the given stdout and resolves to 0', async () => {
    const out = sink();
    const err = sink();
    expect(await runCli(['--help'], { stdout: out.stream, stderr: err.stream, env: {} })).toBe(0);
    expect(out.text()).toContain('Usage:');
    expect(err.text()).toBe('');
  });

  it('prints a config error to the given stderr and resolves to 1, loading nothing else', async () => {
    const out = sink();
    const err = sink();
    const code = await runCli(['ls', '--config', 'missing.json'], {
      stdout: out.stream,
      stderr: err.stream,
      env: {},
      cwd: '/',
    });
    expect(code).toBe(1);
    expect(out.text()).toBe('');
    expect(err.text()).toBe(
      'runbyte: Config file missing.json (from --config) does not exist or is not a file. Check the path, or leave --config out to search the default places.\n',
    );
  });
});
