// Downstream OAuth 2.1 end to end: the built CLI against an OAuth-protected MCP server made from the
// SDK's own authorization-server pieces (test/fixtures/oauth-server.mjs), all on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HTTP_CLIENT,
  PACKAGE_DIR,
  REPO_DIR,
  CLI,
  runCli,
  sandboxDir,
  startHttp,
  waitFor,
  whyNotRunnable,
  type HttpProcess,
  type Sandbox,
} from './support/cli.js';

const notRunnable = await whyNotRunnable();
const FIXTURE = join(PACKAGE_DIR, 'test/fixtures/oauth-server.mjs');
const ACCESS_TTL_MS = 1500;
const PRESET_CLIENT = 'runbyte-preset';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface ClientRun {
  results?: { isError?: boolean; content: { type: string; text?: string }[] }[];
  error?: string;
}

/** The SDK's Client in its own process (see http-client.mjs): makes the calls in order. */
function client(url: string, calls: { tool: string; args: Record<string, unknown> }[]): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HTTP_CLIENT, url, '-', JSON.stringify(calls)], { cwd: REPO_DIR });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout) as ClientRun);
      } catch {
        reject(new Error(`the client printed no JSON: ${stdout}`));
      }
    });
  });
}

const WHOAMI = {
  tool: 'execute_code',
  args: {
    code: `import * as secure from './servers/secure';
export async function exec() {
  try {
    return { ok: await secure.whoami({}) };
  } catch (error) {
    return { failed: String((error as Error).message) };
  }
}`,
  },
};

function textOf(run: ClientRun): string {
  if (run.error) throw new Error(run.error);
  return (run.results ?? []).flatMap((r) => r.content.map((c) => c.text ?? '')).join('\n');
}

describe.skipIf(notRunnable)('downstream OAuth through the built CLI', () => {
  let box: Sandbox;
  let fixture: ChildProcess;
  let fixtureUrl: string;
  let configFile: string;
  let runbyte: HttpProcess;
  let presetPort: number;
  const credentials = () => join(box.home, '.config', 'runbyte', 'credentials.json');
  const admin = (path: string, init?: RequestInit) => fetch(new URL(path, fixtureUrl), init);
  const stats = async () =>
    (await (await admin('/admin/stats')).json()) as { refreshes: number; registrations: number; refused: number };
  const health = async () =>
    (await (await fetch(`${runbyte.origin}/health`)).json()) as {
      servers: { name: string; status: string; error?: string }[];
    };

  beforeAll(async () => {
    box = sandboxDir('oauth');
    presetPort = await freePort();
    fixture = spawn(process.execPath, [FIXTURE, '0'], {
      cwd: REPO_DIR,
      env: {
        ...process.env,
        OAUTH_ACCESS_TTL_MS: String(ACCESS_TTL_MS),
        OAUTH_PRESET_CLIENT: PRESET_CLIENT,
        OAUTH_PRESET_REDIRECT: `http://127.0.0.1:${presetPort}/callback`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    fixture.stdout!.on('data', (chunk) => (out += String(chunk)));
    fixtureUrl = await waitFor(() => /listening (\S+)/.exec(out)?.[1], 'the OAuth fixture to listen');
    configFile = box.writeConfig({
      mcpServers: {
        secure: { url: fixtureUrl },
        preset: { url: fixtureUrl, oauth: { clientId: PRESET_CLIENT, redirectPort: presetPort } },
      },
    });
    runbyte = await startHttp(['--config', configFile], box.env);
  }, 60_000);

  afterAll(async () => {
    await runbyte?.stop();
    fixture?.kill();
    box?.remove();
  });

  it('before any login the server "needs login": /health, the listing and a call name the command', async () => {
    const secure = await waitFor(async () => {
      const state = (await health()).servers.find((s) => s.name === 'secure');
      return state?.status === 'needs-login' ? state : undefined;
    }, 'secure to need a login');
    expect(secure.error).toContain('runbyte login secure');
    const run = await client(runbyte.url, [{ tool: 'list_directory', args: { path: '/servers' } }, WHOAMI]);
    const text = textOf(run);
    expect(text).toMatch(/secure\/\s+needs-login: run `runbyte login secure`/);
    expect(text).toContain('needs a login: run `runbyte login secure`');
  });

  /** `runbyte login <server> --no-open`, with the test as the browser: it opens the printed URL. */
  async function login(server: string) {
    const child = spawn(process.execPath, [CLI, 'login', server, '--no-open', '--config', configFile], {
      env: box.env,
      cwd: REPO_DIR,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const authorize = await waitFor(() => /(http:\/\/\S+\/authorize\?\S+)/.exec(stdout)?.[1], 'the authorization URL');
    // The fixture approves at once: the browser's part is following its redirect to the loopback callback.
    const approved = await fetch(authorize, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const callback = await fetch(approved.headers.get('location')!);
    expect(callback.status).toBe(200);
    return { url: new URL(authorize), code: await exited, stdout: () => stdout, stderr: () => stderr };
  }

  it('runbyte login runs the authorization-code flow; the running Runbyte picks the tokens up', async () => {
    const { url, code, stdout: out, stderr: err } = await login('secure');
    const stdout = out();
    const stderr = err();
    expect(code, stderr).toBe(0);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const redirectUri = new URL(url.searchParams.get('redirect_uri')!);
    expect(redirectUri.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(redirectUri.pathname).toBe('/callback');
    expect(stdout).toContain('Logged in to "secure"');

    expect(statSync(credentials()).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(credentials(), 'utf8')) as {
      entries: Record<string, { tokens: { access_token: string; refresh_token: string } }>;
    };
    const tokens = Object.values(stored.entries)[0]!.tokens;
    expect(tokens.refresh_token).toBeTruthy();
    expect(stdout + stderr).not.toContain(tokens.access_token);

    await waitFor(
      async () => (await health()).servers.find((s) => s.name === 'secure')?.status === 'ready',
      'secure to become ready without a restart',
    );
    expect(textOf(await client(runbyte.url, [WHOAMI]))).toMatch(/"ok":\s*"hello [\w-]+"/);
  });

  it('refreshes an expired access token itself, and never prints a token', async () => {
    const before = await stats();
    await new Promise((resolve) => setTimeout(resolve, ACCESS_TTL_MS + 500));
    expect(textOf(await client(runbyte.url, [WHOAMI]))).toMatch(/"ok":\s*"hello [\w-]+"/);
    expect((await stats()).refreshes).toBeGreaterThan(before.refreshes);
    const stored = JSON.parse(readFileSync(credentials(), 'utf8')) as {
      entries: Record<string, { tokens: { access_token: string; refresh_token: string } }>;
    };
    const tokens = Object.values(stored.entries)[0]!.tokens;
    expect(statSync(credentials()).mode & 0o777).toBe(0o600);
    expect(runbyte.stderr()).not.toContain(tokens.access_token);
    expect(runbyte.stderr()).not.toContain(tokens.refresh_token);
  });

  it('a revoked refresh token makes the server "needs login" again', async () => {
    await admin('/admin/revoke', { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, ACCESS_TTL_MS + 500));
    const text = textOf(await client(runbyte.url, [WHOAMI]));
    expect(text).toContain('needs a login: run `runbyte login secure`');
    expect((await stats()).refused).toBeGreaterThan(0);
    const secure = (await health()).servers.find((s) => s.name === 'secure');
    expect(secure?.status).toBe('needs-login');
    expect(secure?.error).toContain('runbyte login secure');
  });

  it('runbyte logout removes the stored credentials', async () => {
    const run = await runCli(['logout', 'secure', '--config', configFile], { env: box.env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Logged out of "secure"');
    const stored = JSON.parse(readFileSync(credentials(), 'utf8')) as { entries: Record<string, { server: string }> };
    expect(Object.values(stored.entries).map((e) => e.server)).not.toContain('secure');
    const again = await runCli(['logout', 'secure', '--config', configFile], { env: box.env });
    expect(again.stdout).toContain('No stored login for "secure"');
  });

  it('a configured oauth.clientId logs in without dynamic registration, on the configured redirect port', async () => {
    const before = await stats();
    const run = await login('preset');
    expect(run.code, run.stderr()).toBe(0);
    expect(run.url.searchParams.get('client_id')).toBe(PRESET_CLIENT);
    expect(run.url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${presetPort}/callback`);
    expect((await stats()).registrations).toBe(before.registrations);
    await waitFor(
      async () => (await health()).servers.find((s) => s.name === 'preset')?.status === 'ready',
      'preset to become ready',
    );
  });

  it('login of a server missing from the config suggests the closest name and exits 1', async () => {
    const run = await runCli(['login', 'secur', '--no-open', '--config', configFile], { env: box.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No server "secur" in the config. Did you mean "secure"?');
  });
});
