import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConfig, parseConfigText } from '../src/config/load.js';
import { substituteVariables } from '../src/config/substitute.js';
import { configSearchPaths, credentialsFile, loadConfig, RunbyteCliError } from '../src/index.js';

let root: string;
let cwd: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'runbyte-cli-config-'));
  cwd = join(root, 'project');
  home = join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, value: unknown): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

function refused(text: string, env: Record<string, string> = {}): RunbyteCliError {
  try {
    parseConfigText(text, { file: 'runbyte.json', env });
  } catch (error) {
    expect(error).toBeInstanceOf(RunbyteCliError);
    return error as RunbyteCliError;
  }
  throw new Error(`expected the config to be refused: ${text}`);
}

const memory = { command: 'node', args: ['memory.js'] };

describe('config search', () => {
  it('looks in ./runbyte.json, ~/.config/runbyte, ~/.runbyte, /etc/runbyte, in that order', () => {
    expect(configSearchPaths({ cwd, home, xdgConfigHome: undefined })).toEqual([
      join(cwd, 'runbyte.json'),
      join(home, '.config/runbyte/config.json'),
      join(home, '.runbyte/config.json'),
      '/etc/runbyte/config.json',
    ]);
  });

  it('honours $XDG_CONFIG_HOME before ~/.config (and ignores a relative one)', () => {
    const xdgHome = join(root, 'xdg');
    expect(configSearchPaths({ cwd, home, xdgConfigHome: xdgHome })).toEqual([
      join(cwd, 'runbyte.json'),
      join(xdgHome, 'runbyte/config.json'),
      join(home, '.config/runbyte/config.json'),
      join(home, '.runbyte/config.json'),
      '/etc/runbyte/config.json',
    ]);
    expect(configSearchPaths({ cwd, home, xdgConfigHome: 'rel' })).not.toContain(join('rel', 'runbyte/config.json'));
    write(join(home, '.runbyte/config.json'), { mcpServers: { b: memory } });
    const file = write(join(xdgHome, 'runbyte/config.json'), { mcpServers: { a: memory } });
    expect(findConfig({ cwd, home, env: { XDG_CONFIG_HOME: xdgHome } })).toEqual({ file, source: 'search' });
  });

  it('takes the first file that exists', () => {
    const env = {};
    const dotRunbyte = write(join(home, '.runbyte/config.json'), { mcpServers: { b: memory } });
    expect(findConfig({ cwd, home, env })).toEqual({ file: dotRunbyte, source: 'search' });
    const xdg = write(join(home, '.config/runbyte/config.json'), { mcpServers: { a: memory } });
    expect(findConfig({ cwd, home, env })).toEqual({ file: xdg, source: 'search' });
    const local = write(join(cwd, 'runbyte.json'), { mcpServers: { c: memory } });
    expect(findConfig({ cwd, home, env })?.file).toBe(local);
    expect(Object.keys(loadConfig({ cwd, home, env }).config.mcpServers)).toEqual(['c']);
  });

  it('prefers --config over RUNBYTE_CONFIG over the search, relative to cwd', () => {
    write(join(cwd, 'runbyte.json'), { mcpServers: { local: memory } });
    const fromEnv = write(join(root, 'env.json'), { mcpServers: { env: memory } });
    const fromFlag = write(join(cwd, 'flag.json'), { mcpServers: { flag: memory } });
    const env = { RUNBYTE_CONFIG: fromEnv };
    expect(findConfig({ cwd, home, env })).toEqual({ file: fromEnv, source: 'env' });
    expect(findConfig({ cwd, home, env, configPath: 'flag.json' })).toEqual({ file: fromFlag, source: 'flag' });
  });

  it('refuses a named config that does not exist instead of silently searching', () => {
    expect(() => findConfig({ cwd, home, env: {}, configPath: 'missing.json' })).toThrow(
      'Config file missing.json (from --config) does not exist or is not a file. Check the path, or leave --config out to search the default places.',
    );
    expect(() => findConfig({ cwd, home, env: { RUNBYTE_CONFIG: '/nope/x.json' } })).toThrow('(from RUNBYTE_CONFIG)');
  });

  it('falls back to the built-in demo server when there is no config anywhere', () => {
    const loaded = loadConfig({ cwd, home, env: {} });
    // /etc/runbyte/config.json could exist on a developer machine; this test only means something without it.
    if (loaded.source !== 'demo') return;
    expect(loaded.file).toBeUndefined();
    expect(loaded.config.mcpServers.demo).toMatchObject({ command: process.execPath });
    const args = (loaded.config.mcpServers.demo as { args: string[] }).args;
    expect(args[0]).toMatch(/demo-server\.mjs$/);
  });

  it('resolves relative cwd and workspaceDir against the config file, and ~ against home', () => {
    const file = write(join(cwd, 'conf/runbyte.json'), {
      mcpServers: { m: { command: 'node', cwd: 'servers/m' } },
      server: { workspaceDir: '~/ws' },
    });
    const { config } = loadConfig({ cwd, home, env: {}, configPath: file });
    expect(config.mcpServers.m).toEqual({ command: 'node', cwd: join(cwd, 'conf/servers/m') });
    expect(config.server).toEqual({ workspaceDir: join(home, 'ws') });
  });
});

describe('${VAR} substitution', () => {
  it('replaces ${VAR} and ${VAR:-default}, the default applying to unset and empty variables', () => {
    const env = { TOKEN: 'abc', EMPTY: '' };
    expect(substituteVariables('Bearer ${TOKEN}', env, 'x')).toBe('Bearer abc');
    expect(substituteVariables('${MISSING:-fallback}/${TOKEN:-no}', env, 'x')).toBe('fallback/abc');
    expect(substituteVariables('${EMPTY:-dflt}|${EMPTY}|${MISSING:-}', env, 'x')).toBe('dflt||');
    expect(substituteVariables('no variables, $HOME stays', env, 'x')).toBe('no variables, $HOME stays');
  });

  it('substitutes in command, args, env, cwd, url and headers, and nowhere else', () => {
    const env = { BIN: '/usr/bin/node', DIR: '/srv', KEY: 'k1', HOST: 'mcp.example.com' };
    const { config } = parseConfigText(
      JSON.stringify({
        mcpServers: {
          local: {
            command: '${BIN}',
            args: ['${DIR}/index.js', '--key=${KEY}'],
            env: { API_KEY: '${KEY}' },
            cwd: '${DIR}',
          },
          remote: { url: 'https://${HOST}/mcp', headers: { Authorization: 'Bearer ${KEY}' } },
          '${KEY}': { command: 'x' },
        },
      }),
      { env },
    );
    expect(config.mcpServers).toEqual({
      local: { command: '/usr/bin/node', args: ['/srv/index.js', '--key=k1'], env: { API_KEY: 'k1' }, cwd: '/srv' },
      remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer k1' } },
      '${KEY}': { command: 'x' },
    });
  });

  it('names a missing variable and where it is used', () => {
    const error = refused(
      JSON.stringify({
        mcpServers: { github: { command: 'npx', env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_TOKEN}' } } },
      }),
    );
    expect(error.code).toBe('CONFIG_MISSING_VARIABLE');
    expect(error.data.variable).toBe('GITHUB_TOKEN');
    expect(error.message).toBe(
      'Config runbyte.json: environment variable GITHUB_TOKEN is not set (used in mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN). Set it, or give a default with ${GITHUB_TOKEN:-default}.',
    );
    expect(
      refused(JSON.stringify({ mcpServers: { r: { url: 'https://x.dev', headers: { 'X-Key': '${K}' } } } })).message,
    ).toContain('used in mcpServers.r.headers.X-Key');
    expect(refused(JSON.stringify({ mcpServers: { s: { command: 'n', args: ['a', '${A_B}'] } } })).message).toContain(
      'used in mcpServers.s.args[1]',
    );
  });
  it('lists every unset variable in one error, not one per run', () => {
    const error = refused(
      JSON.stringify({
        mcpServers: {
          a: { command: 'x', env: { TOKEN: '${A_TOKEN}', OTHER: '${A_TOKEN}' } },
          b: { url: '${B_BASE}/mcp' },
        },
        server: { authToken: '${C_TOKEN}' },
      }),
    );
    expect(error.code).toBe('CONFIG_MISSING_VARIABLE');
    expect(error.message).toBe(
      'Config runbyte.json: environment variables A_TOKEN (used in mcpServers.a.env.TOKEN, mcpServers.a.env.OTHER), B_BASE (used in mcpServers.b.url), C_TOKEN (used in server.authToken) are not set. Set them, or give defaults with ${NAME:-default}.',
    );
  });

  it('refuses a malformed reference', () => {
    expect(refused(JSON.stringify({ mcpServers: { s: { command: '${1X}' } } })).message).toBe(
      'Config runbyte.json: mcpServers.s.command: "${1X}" is not a valid variable reference; use ${NAME} or ${NAME:-default} with a name of letters, digits and underscores.',
    );
  });
});

describe('config errors say exactly what to fix', () => {
  it('bad JSON: line, column, the usual mistake, and a frame', () => {
    const error = refused('{\n  "mcpServers": {\n    "a": { "command": "x", },\n  }\n}');
    expect(error.code).toBe('CONFIG_SYNTAX');
    expect(error.data).toMatchObject({ line: 3, column: 28 });
    expect(error.message).toBe(
      'Config runbyte.json is not valid JSON at line 3, column 28: trailing comma before "}"; remove the last comma.\n' +
        '  1 | {\n' +
        '  2 |   "mcpServers": {\n' +
        '> 3 |     "a": { "command": "x", },\n' +
        '    |                            ^\n' +
        '  4 |   }',
    );
  });

  it.each([
    [
      '{"mcpServers": {"a": {"command": "x"} "b": {}}}',
      'line 1, column 39: expected "," or "}" but found "\\"" (a comma missing?)',
    ],
    ["{'mcpServers': {}}", 'line 1, column 2: property names must use double quotes (")'],
    ['{\n  // my servers\n  "mcpServers": {}\n}', 'line 2, column 3: comments are not allowed in JSON; remove them'],
    ['{"mcpServers": {"a": {"command": "x"}}', 'line 1, column 39: unexpected end of the file: a "}" is missing'],
    ['', 'line 1, column 1: expected a value but found the end of the file'],
    ['{"mcpServers": {"a": {"args": [1, 2,]}}}', 'line 1, column 37: trailing comma before "]"; remove the last comma'],
  ])('bad JSON %j', (text, expected) => {
    expect(refused(text).message).toContain(`is not valid JSON at ${expected}.`);
  });

  it.each([
    ['[]', 'Config runbyte.json: the config must be a JSON object like {"mcpServers": {...}}, got an array.'],
    ['{}', 'Config runbyte.json: mcpServers: missing: add "mcpServers": {"name": {"command": "...", "args": [...]}}.'],
    [
      '{"mcpServers": []}',
      'Config runbyte.json: mcpServers: must be an object mapping server names to their settings, got an array.',
    ],
    [
      '{"mcpServers": {"a": "npx memory"}}',
      'Config runbyte.json: mcpServers.a: expected an object with "command" (a local process) or "url" (a remote server), got the string "npx memory".',
    ],
    [
      '{"mcpServers": {"a": {"command": "x", "url": "https://x.dev"}}}',
      'Config runbyte.json: mcpServers.a: has both "command" and "url"; keep "command" to start a local process, or "url" to connect to a remote server.',
    ],
    [
      '{"mcpServers": {"a": {"args": ["x"]}}}',
      'Config runbyte.json: mcpServers.a: needs "command" (to start a local process) or "url" (to connect to a remote server).',
    ],
    [
      '{"mcpServers": {"a": {"type": "websocket", "url": "wss://x"}}}',
      'Config runbyte.json: mcpServers.a: unknown "type" "websocket"; use one of "stdio", "http", "streamable-http", "sse", or leave it out.',
    ],
    [
      '{"mcpServers": {"a": {"type": "sse", "command": "x"}}}',
      'Config runbyte.json: mcpServers.a: "type" "sse" needs "url", not "command"; use "type": "stdio" or leave "type" out.',
    ],
    [
      '{"mcpServers": {"a": {"type": "stdio", "url": "https://x.dev"}}}',
      'Config runbyte.json: mcpServers.a: "type": "stdio" needs "command", not "url"; remove "type" or set it to "http" or "sse".',
    ],
    [
      '{"mcpServers": {"a": {"command": 42}}}',
      'Config runbyte.json: mcpServers.a: "command" must be a non-empty string (the program to run), got number 42.',
    ],
    [
      '{"mcpServers": {"a": {"command": " "}}}',
      'Config runbyte.json: mcpServers.a: "command" must be a non-empty string (the program to run), got the string " ".',
    ],
    [
      '{"mcpServers": {"a": {"command": "x", "args": "--flag"}}}',
      'Config runbyte.json: mcpServers.a: "args" must be an array of strings, got the string "--flag".',
    ],
    [
      '{"mcpServers": {"a": {"command": "x", "args": ["--port", 8080]}}}',
      'Config runbyte.json: mcpServers.a: "args[1]" must be a string, got number 8080; quote it.',
    ],
    [
      '{"mcpServers": {"a": {"command": "x", "env": {"DEBUG": true}}}}',
      'Config runbyte.json: mcpServers.a: "env.DEBUG" must be a string, got boolean true; quote it.',
    ],
    [
      '{"mcpServers": {"a": {"command": "x", "headers": {}}}}',
      'Config runbyte.json: mcpServers.a.headers: "headers" belongs to remote servers (with "url"), not to one started with "command".',
    ],
    [
      '{"mcpServers": {"a": {"url": "https://x.dev", "env": {}}}}',
      'Config runbyte.json: mcpServers.a.env: "env" belongs to local servers (with "command"), not to one reached by "url".',
    ],
    [
      '{"mcpServers": {"a": {"url": "mcp.example.com"}}}',
      'Config runbyte.json: mcpServers.a: "url" "mcp.example.com" is not a valid URL; write it in full, e.g. "https://example.com/mcp".',
    ],
    [
      '{"mcpServers": {"a": {"url": "ftp://x.dev"}}}',
      'Config runbyte.json: mcpServers.a: "url" must start with http:// or https://, got "ftp://x.dev".',
    ],
    [
      '{"mcpServers": {"a": {"url": "${BASE:-example.com}/mcp"}}}',
      'Config runbyte.json: mcpServers.a: "url" "example.com/mcp" is not a valid URL',
    ],
    [
      '{"mcpServers": {"a/b": {"command": "x"}}}',
      'Config runbyte.json: mcpServers["a/b"]: "a/b" cannot be a server name',
    ],
    [
      '{"mcpServers": {}, "server": {"port": "3000"}}',
      'Config runbyte.json: server.port: must be a port number from 0 to 65535, got "3000".',
    ],
    [
      '{"mcpServers": {}, "server": {"timeout": -1}}',
      'Config runbyte.json: server.timeout: must be a number of seconds from 0.001 to 2147483, e.g. 30, got -1.',
    ],
    // Past setTimeout's 2^31-1 ms Node would fire the watchdog after 1 ms: every run would "time out".
    [
      '{"mcpServers": {}, "server": {"timeout": 2147484}}',
      'Config runbyte.json: server.timeout: must be a number of seconds from 0.001 to 2147483, e.g. 30, got 2147484.',
    ],
    [
      '{"mcpServers": {}, "server": {"timeout": 1e999}}',
      'Config runbyte.json: server.timeout: must be a number of seconds from 0.001 to 2147483, e.g. 30, got Infinity.',
    ],
    [
      '{"mcpServers": {}, "server": {"memoryLimitMb": "256"}}',
      'Config runbyte.json: server.memoryLimitMb: must be a number of MiB from 1 to 4096, e.g. 256, got "256".',
    ],
    [
      '{"mcpServers": {}, "server": {"memoryLimitMb": 100000}}',
      'Config runbyte.json: server.memoryLimitMb: must be a number of MiB from 1 to 4096, e.g. 256, got 100000.',
    ],
    [
      '{"mcpServers": {}, "server": {"sessionTtlMs": 3000000000}}',
      'Config runbyte.json: server.sessionTtlMs: must be a number of milliseconds from 1000 to 2147483647, e.g. 1800000, got 3000000000.',
    ],
    [
      '{"mcpServers": {}, "server": {"workers": 1.5}}',
      'Config runbyte.json: server.workers: must be a whole number of worker threads from 0 to 64 (0 runs executions on the main thread), got 1.5.',
    ],
    [
      '{"mcpServers": {}, "server": {"stateless": "yes"}}',
      'Config runbyte.json: server.stateless: must be true or false, got "yes".',
    ],
    [
      '{"mcpServers": {}, "server": {"learnTypes": "no"}}',
      'Config runbyte.json: server.learnTypes: must be true or false, got "no".',
    ],
    [
      '{"mcpServers": {}, "server": {"authToken": "${EMPTY:-}"}}',
      'Config runbyte.json: server.authToken: is empty; set a long random token (e.g. openssl rand -hex 32) or remove the key.',
    ],
    [
      '{"mcpServers": {}, "server": {"allowedHosts": "a.com"}}',
      'Config runbyte.json: server.allowedHosts: must be an array of strings',
    ],
    [
      '{"mcpServers": {}, "server": 3000}',
      'Config runbyte.json: server: must be an object like {"port": 3000, "timeout": 30}, got a number.',
    ],
  ])('%s', (text, message) => {
    const error = refused(text);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(1);
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('reads server.timeout in seconds, fractions allowed, as the original Runbyte documents', () => {
    const { config, warnings } = parseConfigText('{"mcpServers": {"a": {"command": "x"}}, "server": {"timeout": 2.5}}');
    expect(config.server?.timeout).toBe(2.5);
    expect(warnings).toEqual([]);
  });

  it('keeps a server.timeout of 1000 or more as seconds (createRunbyte asks whether milliseconds were meant)', () => {
    const { config, warnings } = parseConfigText(
      '{"mcpServers": {"a": {"command": "x"}}, "server": {"timeout": 30000}}',
    );
    expect(config.server?.timeout).toBe(30000);
    expect(warnings).toEqual([]);
  });

  it('reads a server\'s "timeout" and server.connectTimeout as connect timeouts in seconds', () => {
    const { config, warnings } = parseConfigText(
      JSON.stringify({
        mcpServers: {
          a: { command: 'npx', args: ['-y', 'pkg'], timeout: 90 },
          b: { url: 'https://x.test/mcp', timeout: 2.5 },
        },
        server: { connectTimeout: 20 },
      }),
    );
    expect(config.mcpServers).toEqual({
      a: { command: 'npx', args: ['-y', 'pkg'], connectTimeoutMs: 90_000 },
      b: { url: 'https://x.test/mcp', connectTimeoutMs: 2500 },
    });
    expect(config.server).toEqual({ connectTimeout: 20 });
    expect(warnings).toEqual([]);
    expect(refused('{"mcpServers": {"a": {"command": "x", "timeout": -5}}}').message).toBe(
      'Config runbyte.json: mcpServers.a.timeout: must be a number of seconds from 0.001 to 2147483, e.g. 30, got -5.',
    );
  });

  it('warns about unknown keys instead of refusing, and ignores keys other clients write', () => {
    const { warnings, config } = parseConfigText(
      JSON.stringify({
        mcpServers: { a: { command: 'x', autoApprove: [], comand: 'typo' } },
        server: { port: 3000, tiemout: 5 },
        globalShortcut: 'Ctrl+Space',
      }),
    );
    expect(config).toEqual({ mcpServers: { a: { command: 'x' } }, server: { port: 3000 } });
    expect(warnings).toEqual([
      'unknown top-level key "globalShortcut" ignored (known: mcpServers, server)',
      'mcpServers.a: unknown key "comand" ignored (did you mean "command"?) (known: type, command, args, env, cwd, timeout)',
      'server: unknown key "tiemout" ignored (did you mean "timeout"?) (known: port, host, timeout, connectTimeout, memoryLimitMb, maxResultMb, workers, workspaceDir, authToken, authTokens, workspacePerClient, stateless, allowedHosts, allowedOrigins, sessionTtlMs, validateArguments, approveTools, approvalFallback, approvalTimeout, learnTypes, resultsMaxMb, typecheck)',
    ]);
  });

  it('says "did you mean" for a misspelt key at the top, in a server entry and in server settings', () => {
    const { warnings } = parseConfigText(
      JSON.stringify({
        mcpServers: { a: { command: 'x', arsg: [] } },
        mcpServer: {},
        server: { timout: 5 },
      }),
    );
    expect(warnings).toEqual([
      'unknown top-level key "mcpServer" ignored (did you mean "mcpServers"?) (known: mcpServers, server)',
      'mcpServers.a: unknown key "arsg" ignored (did you mean "args"?) (known: type, command, args, env, cwd, timeout)',
      expect.stringMatching(/^server: unknown key "timout" ignored \(did you mean "timeout"\?\)/),
    ]);
    expect(refused('{"mcpServer": {"a": {"command": "x"}}}').message).toBe(
      'Config runbyte.json: mcpServers: missing, but there is "mcpServer" (did you mean "mcpServers"?).',
    );
  });

  it('skips servers marked "disabled": true and accepts VS Code\'s "servers" key', () => {
    const loaded = parseConfigText(
      JSON.stringify({
        servers: {
          a: { type: 'stdio', command: 'x' },
          b: { command: 'y', disabled: true },
          c: { type: 'http', url: 'http://localhost:1/mcp' },
        },
      }),
    );
    expect(loaded.config.mcpServers).toEqual({
      a: { type: 'stdio', command: 'x' },
      c: { type: 'http', url: 'http://localhost:1/mcp' },
    });
    expect(loaded.disabled).toEqual(['b']);
  });

  it('reads a Claude Desktop config as it is', () => {
    const { config, warnings } = parseConfigText(
      JSON.stringify({
        mcpServers: {
          filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/me/Desktop'] },
          github: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_x' },
          },
        },
      }),
    );
    expect(warnings).toEqual([]);
    expect(Object.keys(config.mcpServers)).toEqual(['filesystem', 'github']);
  });
});

describe('several tokens and per-client workspaces', () => {
  it('reads server.authTokens as names → tokens, with ${VAR}s substituted and bare strings named by a digest', () => {
    const { config } = parseConfigText(
      JSON.stringify({
        mcpServers: {},
        server: {
          workspacePerClient: true,
          authTokens: [{ name: 'alice', token: '${ALICE_TOKEN}' }, 'bob-token-0123456789'],
        },
      }),
      { file: 'runbyte.json', env: { ALICE_TOKEN: 'alice-token-0123456789' } },
    );
    const tokens = config.server?.authTokens ?? {};
    expect(config.server?.workspacePerClient).toBe(true);
    expect(tokens.alice).toBe('alice-token-0123456789');
    const [bare] = Object.keys(tokens).filter((name) => name !== 'alice');
    // The identity names the token without holding it: a folder name and a log field.
    expect(bare).toMatch(/^token-[0-9a-f]{12}$/);
    expect(bare).not.toContain('bob');
    expect(tokens[bare!]).toBe('bob-token-0123456789');
    const again = parseConfigText(JSON.stringify({ mcpServers: {}, server: { authTokens: ['bob-token-0123456789'] } }));
    expect(Object.keys(again.config.server?.authTokens ?? {})).toEqual([bare]);
  });

  it('names an unset variable of a token with the others', () => {
    const error = refused(
      JSON.stringify({ mcpServers: {}, server: { authTokens: [{ name: 'a', token: '${A_TOK}' }] } }),
    );
    expect(error.code).toBe('CONFIG_MISSING_VARIABLE');
    expect(error.message).toContain('A_TOK is not set (used in server.authTokens[0].token)');
  });

  it.each([
    [{ authTokens: 'tok' }, 'server.authTokens: must be a non-empty array of tokens'],
    [{ authTokens: [] }, 'server.authTokens: must be a non-empty array of tokens'],
    [{ authTokens: [3] }, 'server.authTokens[0]: must be a token string or {"name": ..., "token": ...}, got 3.'],
    [{ authTokens: [{ name: 'a/b', token: 'x' }] }, 'server.authTokens[0].name: "a/b" cannot name a client'],
    [
      { authTokens: [{ name: 'token', token: 'x' }] },
      'server.authTokens[0].name: "token" is the identity of server.authToken',
    ],
    [{ authTokens: [{ token: 'x' }] }, 'server.authTokens[0].name: must be a string, got undefined'],
    [{ authTokens: [{ name: 'a', token: 'x', scope: 'all' }] }, 'server.authTokens[0].scope: unknown key'],
    [{ authTokens: [{ name: 'a', token: '${E:-}' }] }, 'server.authTokens[0].token: is empty'],
    [
      {
        authTokens: [
          { name: 'a', token: 'x' },
          { name: 'a', token: 'y' },
        ],
      },
      'server.authTokens[1]: the client name "a" is used twice',
    ],
    [
      {
        authTokens: [
          { name: 'a', token: 'x' },
          { name: 'b', token: 'x' },
        ],
      },
      'server.authTokens[1].token: is the same token as server.authTokens[0].token',
    ],
    [{ workspacePerClient: 'yes' }, 'server.workspacePerClient: must be true or false, got "yes".'],
  ])('refuses %j', (server, message) => {
    const error = refused(JSON.stringify({ mcpServers: {}, server }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`Config runbyte.json: ${message}`);
  });
});

describe('oauth settings and the credentials file', () => {
  it('takes "oauth" on a remote server, with ${VAR}s in clientId and clientSecret', () => {
    const { config, warnings } = parseConfigText(
      JSON.stringify({
        mcpServers: {
          gh: { url: 'https://h/mcp', oauth: { clientId: '${ID}', clientSecret: '${SECRET}', scopes: ['repo'] } },
        },
      }),
      { env: { ID: 'client-1', SECRET: 'shh' } },
    );
    expect(warnings).toEqual([]);
    expect(config.mcpServers.gh).toEqual({
      url: 'https://h/mcp',
      oauth: { clientId: 'client-1', clientSecret: 'shh', scopes: ['repo'] },
    });
  });

  it('refuses "oauth" on a local server and bad oauth values, naming the path', () => {
    expect(refused('{"mcpServers": {"a": {"command": "x", "oauth": {}}}}').message).toContain(
      'mcpServers.a.oauth: "oauth" belongs to remote servers',
    );
    expect(refused('{"mcpServers": {"a": {"url": "https://h/mcp", "oauth": {"redirectPort": "x"}}}}').message).toBe(
      'Config runbyte.json: mcpServers.a: "oauth.redirectPort" must be a port number from 1 to 65535 (leave it out for a free one).',
    );
  });

  it('keeps credentials in the config folder: RUNBYTE_CREDENTIALS, else XDG_CONFIG_HOME, else ~/.config', () => {
    expect(credentialsFile({ RUNBYTE_CREDENTIALS: '/run/creds.json' }, '/home/u')).toBe('/run/creds.json');
    expect(credentialsFile({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/runbyte/credentials.json');
    expect(credentialsFile({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/runbyte/credentials.json',
    );
  });
});

describe('approval settings', () => {
  it('reads "approve" per server (a policy or tool globs) and the server-wide approval keys', () => {
    const { config, warnings } = parseConfigText(
      JSON.stringify({
        mcpServers: {
          a: { command: 'x', approve: 'always' },
          b: { command: 'y', approve: { 'delete_*': 'always', '*': 'never' } },
          c: { command: 'z' },
        },
        server: { approveTools: ['*.send_*'], approvalFallback: 'allow', approvalTimeout: 60 },
      }),
    );
    expect(warnings).toEqual([]);
    expect(config.approvals).toEqual({ a: 'always', b: { 'delete_*': 'always', '*': 'never' } });
    expect(config.server).toEqual({ approveTools: ['*.send_*'], approvalFallback: 'allow', approvalTimeout: 60 });
  });

  it('refuses a wrong policy with the path and a "did you mean"', () => {
    expect(refused(JSON.stringify({ mcpServers: { a: { command: 'x', approve: 'destructiv' } } })).message).toBe(
      'Config runbyte.json: mcpServers.a.approve: must be one of "never", "destructive", "always", got "destructiv" (did you mean "destructive"?).',
    );
    expect(
      refused(JSON.stringify({ mcpServers: { a: { command: 'x', approve: { delete_item: 'yes' } } } })).message,
    ).toContain('mcpServers.a.approve["delete_item"]: must be one of "never", "destructive", "always", got "yes"');
    expect(refused(JSON.stringify({ mcpServers: {}, server: { approvalFallback: 'alow' } })).message).toContain(
      'server.approvalFallback: must be "allow" (run calls that need consent when the client cannot ask) or "deny", got "alow" (did you mean "allow"?)',
    );
    expect(refused(JSON.stringify({ mcpServers: {}, server: { approvalTimeout: 0 } })).message).toContain(
      'server.approvalTimeout: must be a number of seconds',
    );
  });

  it('suggests "approve" for a misspelt key in a server entry', () => {
    const { warnings } = parseConfigText(JSON.stringify({ mcpServers: { a: { command: 'x', aprove: 'always' } } }));
    expect(warnings[0]).toContain('unknown key "aprove" ignored (did you mean "approve"?)');
  });
});
