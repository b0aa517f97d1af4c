// Raw HTTP clients against the session store: the cap evicts idle sessions first, and a session
// belongs to the identity that opened it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runbyte } from '../src/index.js';
import { createRunbyte, serveHttp } from '../src/index.js';
import { tempDir, waitFor, type TempDir } from './helpers.js';
import { initializeBody, rawRequest } from './http-helpers.js';

let dir: TempDir;
let runbyte: Runbyte;

beforeAll(async () => {
  dir = tempDir('http-sessions');
  runbyte = await createRunbyte({ mcpServers: {}, server: { workspaceDir: dir.path } });
});

afterAll(async () => {
  await runbyte?.close();
  dir?.remove();
});

const PROTOCOL = { 'mcp-protocol-version': '2025-06-18' };

async function open(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await rawRequest(url, { body: initializeBody, headers });
  expect(response.status).toBe(200);
  return response.headers['mcp-session-id'] as string;
}

const listTools = (url: string, session: string, headers: Record<string, string> = {}) =>
  rawRequest(url, {
    body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    headers: { 'mcp-session-id': session, ...PROTOCOL, ...headers },
  });

describe('session limit', () => {
  it('closes the session idle longest to make room, and answers 503 only when every session is busy', async () => {
    const capped = await serveHttp(runbyte, { port: 0, maxSessions: 2 });
    const streams: AbortController[] = [];
    try {
      const first = await open(capped.url);
      const second = await open(capped.url);
      expect((await listTools(capped.url, first)).status).toBe(200); // first is now the more recent
      const third = await open(capped.url);
      expect(capped.sessions).toBe(2);
      expect((await listTools(capped.url, second)).status).toBe(404);
      expect((await listTools(capped.url, first)).status).toBe(200);

      // A GET stream keeps a session busy: with both busy, a new one is refused.
      for (const session of [first, third]) {
        const controller = new AbortController();
        streams.push(controller);
        const stream = await fetch(capped.url, {
          headers: { accept: 'text/event-stream', 'mcp-session-id': session, ...PROTOCOL },
          signal: controller.signal,
        });
        expect(stream.status).toBe(200);
      }
      const refused = await rawRequest(capped.url, { body: initializeBody });
      expect(refused.status).toBe(503);
      expect(refused.json().error.message).toContain('all 2 open sessions are busy');
      streams[0]!.abort();
      await waitFor(
        async () => (await rawRequest(capped.url, { body: initializeBody })).status === 200,
        'a free place',
      );
    } finally {
      for (const stream of streams) stream.abort();
      await capped.close();
    }
  });
});

describe('sessions bound to the identity that opened them', () => {
  it("lets client B neither use nor DELETE client A's session", async () => {
    const served = await serveHttp(runbyte, { port: 0, authTokens: { alice: 'alice-secret-1', bob: 'bob-secret-2' } });
    const alice = { authorization: 'Bearer alice-secret-1' };
    const bob = { authorization: 'Bearer bob-secret-2' };
    try {
      const session = await open(served.url, alice);
      expect((await listTools(served.url, session, bob)).status).toBe(404);
      const deleted = await rawRequest(served.url, {
        method: 'DELETE',
        headers: { 'mcp-session-id': session, ...PROTOCOL, ...bob },
      });
      expect(deleted.status).toBe(404);
      expect(served.sessions).toBe(1);
      const listed = await listTools(served.url, session, alice);
      expect(listed.status).toBe(200);
      expect(listed.text).toContain('execute_code');
      expect(
        (await rawRequest(served.url, { body: initializeBody, headers: { authorization: 'Bearer x' } })).status,
      ).toBe(401);
    } finally {
      await served.close();
    }
  });
});
