import { describe, expect, it } from 'vitest';
import { createHub, HubError, validateServerConfig, validateServersConfig } from '../src/index.js';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('INVALID_CONFIG');
    return (error as HubError).message;
  }
  throw new Error('expected a HubError');
}

describe('validateServerConfig', () => {
  it('accepts the Claude Desktop shapes and returns only the fields the hub uses', () => {
    expect(
      validateServerConfig('gh', {
        command: 'npx',
        args: ['-y', 'server'],
        env: { TOKEN: 'x' },
        cwd: '/srv',
        autoApprove: [],
      }),
    ).toEqual({
      command: 'npx',
      args: ['-y', 'server'],
      env: { TOKEN: 'x' },
      cwd: '/srv',
    });
    expect(
      validateServerConfig('api', {
        type: 'sse',
        url: 'https://example.com/sse',
        headers: { Authorization: 'Bearer t' },
      }),
    ).toEqual({
      type: 'sse',
      url: 'https://example.com/sse',
      headers: { Authorization: 'Bearer t' },
    });
    expect(validateServerConfig('api', { url: 'http://localhost:3000/mcp' })).toEqual({
      url: 'http://localhost:3000/mcp',
    });
    expect(validateServerConfig('local', { type: 'stdio', command: 'srv' })).toEqual({ type: 'stdio', command: 'srv' });
  });

  it('says exactly what to fix', () => {
    expect(message(() => validateServerConfig('x', { command: 'a', url: 'http://h/mcp' }))).toBe(
      'Server "x": has both "command" and "url"; keep "command" to start a local process, or "url" to connect to a remote server.',
    );
    expect(message(() => validateServerConfig('x', {}))).toBe(
      'Server "x": needs "command" (to start a local process) or "url" (to connect to a remote server).',
    );
    expect(message(() => validateServerConfig('x', { type: 'websocket', url: 'ws://h' }))).toBe(
      'Server "x": unknown "type" "websocket"; use one of "stdio", "http", "streamable-http", "sse", or leave it out.',
    );
    expect(message(() => validateServerConfig('x', { type: 'sse', command: 'srv' }))).toBe(
      'Server "x": "type" "sse" needs "url", not "command"; use "type": "stdio" or leave "type" out.',
    );
    expect(message(() => validateServerConfig('x', { type: 'stdio', url: 'http://h/mcp' }))).toBe(
      'Server "x": "type": "stdio" needs "command", not "url"; remove "type" or set it to "http" or "sse".',
    );
    expect(message(() => validateServerConfig('x', { command: 'srv', args: 'a b' }))).toBe(
      'Server "x": "args" must be an array of strings, got the string "a b".',
    );
    expect(message(() => validateServerConfig('x', { command: 'srv', args: ['--port', 8080] }))).toBe(
      'Server "x": "args[1]" must be a string, got number 8080; quote it.',
    );
    expect(message(() => validateServerConfig('x', { command: 'srv', env: { DEBUG: true } }))).toBe(
      'Server "x": "env.DEBUG" must be a string, got boolean true; quote it.',
    );
    expect(message(() => validateServerConfig('x', { command: '' }))).toBe(
      'Server "x": "command" must be a non-empty string (the program to run), got the string "".',
    );
    expect(message(() => validateServerConfig('x', { url: 'example.com/mcp' }))).toBe(
      'Server "x": "url" "example.com/mcp" is not a valid URL; write it in full, e.g. "https://example.com/mcp".',
    );
    expect(message(() => validateServerConfig('x', { url: 'ftp://example.com' }))).toBe(
      'Server "x": "url" must start with http:// or https://, got "ftp://example.com".',
    );
    expect(message(() => validateServerConfig('x', { url: 'https://h/mcp', headers: ['a'] }))).toBe(
      'Server "x": "headers" must be an object of string values, got an array.',
    );
    expect(message(() => validateServerConfig('x', 'npx server'))).toBe(
      'Server "x": expected an object with "command" (a local process) or "url" (a remote server), got the string "npx server".',
    );
  });

  it('names the server in the error data', () => {
    try {
      validateServerConfig('github', {});
    } catch (error) {
      expect((error as HubError).server).toBe('github');
    }
  });

  it('validates a whole mcpServers object', () => {
    expect(validateServersConfig({ a: { command: 'x' } })).toEqual({ a: { command: 'x' } });
    expect(message(() => validateServersConfig([]))).toBe(
      '"mcpServers" must be an object mapping server names to their configuration, got an array.',
    );
  });
});

describe('createHub', () => {
  it('refuses an invalid configuration and invalid options up front', () => {
    expect(message(() => createHub({ x: { command: 'a', url: 'http://h' } as never }))).toMatch(
      /^Server "x": has both/,
    );
    expect(message(() => createHub({}, { callTimeoutMs: 0 }))).toBe(
      'Hub option "callTimeoutMs" must be a positive number of milliseconds, got 0.',
    );
  });

  it('with no servers starts, lists nothing and closes', async () => {
    const hub = createHub({});
    await hub.start();
    expect(hub.servers()).toEqual([]);
    const error = (await hub.callTool('any', 'tool', {}).catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('UNKNOWN_SERVER');
    expect(error.message).toBe('No server named "any". No servers are configured.');
    await hub.close();
  });
});
