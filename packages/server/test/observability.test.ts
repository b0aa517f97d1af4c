// What an operator sees in the logs: one line per execution, one debug line per tool call, and refused
// HTTP requests with where they came from (never the token).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunbyte, serveHttp, type HttpServerHandle, type Logger, type Runbyte } from '../src/index.js';
import { labServer, tempDir, type TempDir } from './helpers.js';
import { rawRequest } from './http-helpers.js';

interface Line {
  level: keyof Logger;
  msg: string;
  data?: Record<string, unknown>;
}

const lines: Line[] = [];
const logger: Logger = {
  debug: (msg, data) => void lines.push({ level: 'debug', msg, data: data as Record<string, unknown> }),
  info: (msg, data) => void lines.push({ level: 'info', msg, data: data as Record<string, unknown> }),
  warn: (msg, data) => void lines.push({ level: 'warn', msg, data: data as Record<string, unknown> }),
  error: (msg, data) => void lines.push({ level: 'error', msg, data: data as Record<string, unknown> }),
};

let dir: TempDir;
let runbyte: Runbyte;
let http: HttpServerHandle;
const TOKEN = 'observability-secret-token-123456';

beforeAll(async () => {
  dir = tempDir('observability');
  runbyte = await createRunbyte(
    { mcpServers: { lab: labServer() }, server: { workspaceDir: dir.path, authToken: TOKEN } },
    { logger },
  );
  await runbyte.ready;
  http = await serveHttp(runbyte, { port: 0, authToken: TOKEN, logger });
});

afterAll(async () => {
  await http?.close();
  await runbyte?.close();
  dir?.remove();
});

describe('logs', () => {
  it('writes one info line per execution and one debug line per tool call, with the failing text', async () => {
    lines.length = 0;
    const outcome = await runbyte.executeCode(`import * as lab from './servers/lab';
export async function exec() {
  await lab.stats();
  try { await lab.fail(); } catch {}
  return 'done';
}`);
    expect(outcome.ok).toBe(true);
    const calls = lines.filter((l) => l.msg === 'tool call');
    expect(calls.map((l) => [l.level, l.data?.server, l.data?.tool, l.data?.outcome])).toEqual([
      ['debug', 'lab', 'stats', 'ok'],
      ['debug', 'lab', 'fail', 'failed'],
    ]);
    expect(calls[1]!.data?.error).toContain('the lab tool failed on purpose');
    expect(typeof calls[0]!.data?.durationMs).toBe('number');
    const executions = lines.filter((l) => l.msg.startsWith('execution '));
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({
      level: 'info',
      msg: 'execution finished',
      data: { outcome: 'ok', toolCalls: 2, failedCalls: 1 },
    });
  });

  it('names the phase of a failed execution', async () => {
    lines.length = 0;
    await runbyte.executeCode('export async function exec() { throw new Error("boom"); }');
    const execution = lines.find((l) => l.msg.startsWith('execution '));
    expect(execution).toMatchObject({ level: 'info', msg: 'execution failed (runtime)', data: { outcome: 'runtime' } });
    expect(execution!.data?.error).toContain('boom');
  });

  it('logs a request refused for its token at warn, with the remote address and without the token', async () => {
    lines.length = 0;
    const refused = await rawRequest(http.url, {
      headers: { authorization: 'Bearer wrong-token' },
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(refused.status).toBe(401);
    const warn = lines.find((l) => l.level === 'warn' && l.msg.includes('401'));
    expect(warn).toBeDefined();
    expect(warn!.data?.remote).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(lines)).not.toContain('wrong-token');
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('logs a request refused for its Host at warn', async () => {
    lines.length = 0;
    const refused = await rawRequest(http.url, {
      headers: { host: 'evil.example.com', authorization: `Bearer ${TOKEN}` },
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(refused.status).toBe(403);
    const warn = lines.find((l) => l.level === 'warn' && l.msg.includes('403'));
    expect(warn?.data?.host).toBe('evil.example.com');
  });
});
