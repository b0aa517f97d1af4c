import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFileCredentialStore, createHub, HubError, validateServerConfig, type Hub } from '../src/index.js';
import { startHttpFixture, waitForStatus, type HttpFixture } from './support/servers.js';

const URL_A = 'https://a.example/mcp';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbyte-hub-oauth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe('the credentials file store', () => {
  it('writes a 0600 file in a 0700 folder, atomically, and reads entries back by server name and URL', () => {
    const file = join(dir, 'one', 'runbyte', 'credentials.json');
    const store = createFileCredentialStore(file);
    expect(store.get('github', URL_A)).toBeUndefined();
    store.update('github', URL_A, (entry) => ({ ...entry, tokens: { access_token: 'at', token_type: 'bearer' } }));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'one', 'runbyte')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'one', 'runbyte'))).toEqual(['credentials.json']);
    expect(store.get('github', URL_A)?.tokens?.access_token).toBe('at');
    // Another URL is another server as far as tokens go: they never travel there.
    expect(store.get('github', 'https://b.example/mcp')).toBeUndefined();
    // A second store on the same file (another process) sees the write.
    expect(createFileCredentialStore(file).get('github', URL_A)?.tokens?.access_token).toBe('at');
  });

  it('removes every entry of a server, and changes its version on each write', () => {
    const store = createFileCredentialStore(join(dir, 'two.json'));
    const before = store.version();
    store.update('s', URL_A, () => ({ codeVerifier: 'v' }));
    store.update('s', 'https://b.example/mcp', () => ({ codeVerifier: 'w' }));
    store.update('other', URL_A, () => ({ codeVerifier: 'x' }));
    expect(store.version()).not.toBe(before);
    expect(store.remove('s')).toBe(2);
    expect(store.remove('s')).toBe(0);
    expect(store.get('other', URL_A)).toEqual({ codeVerifier: 'x' });
  });

  it('says how to fix a corrupt file without quoting it (it holds tokens)', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"entries": {"x": secret-token-abc');
    const error = message(() => createFileCredentialStore(file).get('x', URL_A));
    expect(error).toBe(`The credentials file ${file} is not valid JSON; delete it and run \`runbyte login\` again.`);
    expect(error).not.toContain('secret-token-abc');
  });
});

describe('the oauth settings of a remote server', () => {
  it('accepts clientId, clientSecret, scopes and redirectPort', () => {
    expect(
      validateServerConfig('x', {
        url: URL_A,
        oauth: { clientId: 'id', clientSecret: 's', scopes: ['read', 'write'], redirectPort: 8765 },
      }),
    ).toEqual({
      url: URL_A,
      oauth: { clientId: 'id', clientSecret: 's', scopes: ['read', 'write'], redirectPort: 8765 },
    });
  });

  it('names what is wrong', () => {
    const check = (oauth: unknown) => message(() => validateServerConfig('x', { url: URL_A, oauth }));
    expect(check('id')).toBe(
      'Server "x": "oauth" must be an object such as {"clientId": "...", "scopes": ["read"]}, or left out.',
    );
    expect(check({ clientID: 'a' })).toBe(
      'Server "x": "oauth.clientID" is not a setting; use "clientId", "clientSecret", "scopes", "redirectPort".',
    );
    expect(check({ clientSecret: 's' })).toBe(
      'Server "x": "oauth.clientSecret" needs "oauth.clientId" (the client the secret belongs to).',
    );
    expect(check({ scopes: 'read write' })).toBe(
      'Server "x": "oauth.scopes" must be an array of scope names without spaces, e.g. ["read", "write"].',
    );
    expect(check({ redirectPort: 0 })).toBe(
      'Server "x": "oauth.redirectPort" must be a port number from 1 to 65535 (leave it out for a free one).',
    );
  });
});

describe('a hub with a credential store', () => {
  let fixture: HttpFixture;
  let hub: Hub | undefined;
  beforeAll(async () => {
    fixture = await startHttpFixture('--token', 's3cret');
  });
  afterEach(async () => hub?.close());
  afterAll(async () => fixture?.stop());

  it('leaves a 401 without OAuth metadata "unavailable", saying to check the headers', async () => {
    hub = createHub(
      { plain: { type: 'http', url: `${fixture.origin}/mcp` } },
      { credentials: createFileCredentialStore(join(dir, 'hub.json')), backoff: { initialMs: 60_000 } },
    );
    await hub.start();
    const state = await waitForStatus(hub, 'plain', (s) => s.status !== 'connecting');
    expect(state.status).toBe('unavailable');
    expect(state.error).toContain(`HTTP 401 from ${fixture.origin}/mcp, which publishes no OAuth metadata`);
    await expect(hub.callTool('plain', 'echo', {})).rejects.toBeInstanceOf(HubError);
  });
});
