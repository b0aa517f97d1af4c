// The one-shot commands and start-up failures, run as a user runs them: `node dist/cli.js ...`.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, sandboxDir, whyNotRunnable, type Sandbox } from './support/cli.js';

const noCli = existsSync(CLI)
  ? undefined
  : 'apps/runbyte/dist/cli.js is missing: run `pnpm build` first (CI builds before testing)';
const notRunnable = await whyNotRunnable();

let box: Sandbox;
beforeAll(() => {
  box = sandboxDir('commands');
});
afterAll(() => box.remove());

describe.skipIf(noCli)('refusing to start, with a message that says what to fix', () => {
  it('an unknown flag exits 2 and lists the valid flags', async () => {
    const run = await runCli(['--prot', '3000'], { env: box.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('runbyte: Unknown flag --prot. Valid flags: --config, --transport, --port');
  });

  it.each([
    [
      'bad JSON',
      '{\n  "mcpServers": {\n    "a": {"command": "x"}\n  ',
      'is not valid JSON at line 4, column 3: unexpected end of the file: a "}" is missing.',
    ],
    [
      'wrong type',
      { mcpServers: { a: { command: 'x', args: 'y' } } },
      'mcpServers.a: "args" must be an array of strings',
    ],
    [
      'command and url',
      { mcpServers: { a: { command: 'x', url: 'http://localhost:1/mcp' } } },
      'mcpServers.a: has both "command" and "url"',
    ],
    [
      'unknown type',
      { mcpServers: { a: { type: 'ws', url: 'ws://localhost:1' } } },
      'mcpServers.a: unknown "type" "ws"',
    ],
    [
      'missing variable',
      { mcpServers: { a: { command: 'x', env: { TOKEN: '${RUNBYTE_TEST_UNSET_VAR}' } } } },
      'environment variable RUNBYTE_TEST_UNSET_VAR is not set (used in mcpServers.a.env.TOKEN)',
    ],
  ])('%s: exit 1, the message on stderr, no stack trace, nothing on stdout', async (_name, config, message) => {
    const file = box.writeConfig(config, 'bad.json');
    const run = await runCli(['-config', file], { env: box.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`runbyte: Config ${file}`);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at \S+ \(/);
  });

  it('a --config that does not exist is an error, not a silent fallback to the demo', async () => {
    const run = await runCli(['--config', 'nowhere.json'], { env: box.env, cwd: box.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('runbyte: Config file nowhere.json (from --config) does not exist or is not a file.');
  });

  it('RUNBYTE_PORT is checked like --port', async () => {
    const file = box.writeConfig({ mcpServers: {} }, 'empty.json');
    const run = await runCli(['--config', file, '--transport', 'http'], {
      env: { ...box.env, RUNBYTE_PORT: 'eighty' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'RUNBYTE_PORT must be a port number from 0 to 65535 (0 picks a free one), got "eighty".',
    );
  });

  it('--help and --version answer on stdout and exit 0', async () => {
    const help = await runCli(['-help'], { env: box.env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('runbyte exec FILE.ts [flags]');
    const version = await runCli(['--version'], { env: box.env });
    expect(version.stdout).toMatch(/^runbyte \d+\.\d+\.\d+\n$/);
  });
});

describe.skipIf(notRunnable)('exec, ls and cat', () => {
  it('exec runs examples/hello.ts on the built-in demo: the result as JSON on stdout, console output on stderr', async () => {
    const run = await runCli(['exec', 'examples/hello.ts'], { env: box.env });
    expect(run.stderr).toContain('No config found');
    expect(run.stderr).toContain('built-in demo server');
    expect(run.stderr).toContain('log: It is 14 °C in Paris');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ sum: 42, paris: 'partly cloudy' });
  });

  it('exec of a failing script exits 1 with the phase, the file, the line and a frame on stderr', async () => {
    const script = join(box.dir, 'broken.ts');
    writeFileSync(
      script,
      'export async function exec() {\n  const value: any = undefined;\n  return value.field;\n}\n',
    );
    const run = await runCli(['exec', script], { env: box.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    // The script is named by its file name, as in a stack trace.
    expect(run.stderr).toMatch(/Runtime error \(runtime\) at broken\.ts:3:\d+: /);
    expect(run.stderr).toContain('> 3 |   return value.field;');
  });

  it('exec of a missing file says so', async () => {
    const run = await runCli(['exec', 'no-such-script.ts'], { env: box.env, cwd: box.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('runbyte: Cannot read the script no-such-script.ts: no such file.');
  });

  it('ls shows the tree the agent sees, cat a generated file', async () => {
    const ls = await runCli(['ls', '/servers/demo', '--log-level', 'error'], { env: box.env });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toContain('getWeather.ts');
    expect(ls.stderr).not.toContain('No config found');
    expect(ls.stdout).toContain('listOrders.ts');
    const cat = await runCli(['cat', '/servers/demo/add.ts'], { env: box.env });
    expect(cat.code, cat.stderr).toBe(0);
    // cat shows what read_file gives the agent: the model view, a declaration with the module's types.
    expect(cat.stdout).toContain('export declare function add(');
    expect(cat.stdout).toContain('export interface Args {');
  });

  it('cat of a path that does not exist exits 1 and names it', async () => {
    const run = await runCli(['cat', '/servers/demo/nope.ts'], { env: box.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('/servers/demo/nope.ts');
  });
});
