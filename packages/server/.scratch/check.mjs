import { request } from 'node:http';
import { serveHttp } from './http.js';
import { createMcpServer } from './mcp-server.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
const stats = { running: 0, aborted: 0 };
const runbyte = {
  config: { mcpServers: {} },
  logger: { debug() {}, info() {}, warn: (m) => console.error('WARN', m), error: console.error },
  hub: { servers: () => [{ name: 'x', status: 'ready', tools: [1, 2] }] },
  listDirectory: async (p) => ({ path: p, entries: [{ name: 'servers', type: 'directory' }], text: '/\n  servers/' }),
  readFile: async (p) => { throw new Error('ENOENT ' + p); },
  executeCode: async (code, { signal, onProgress }) => {
    if (code !== 'sleep') return { ok: true, result: code.length, logs: [], durationMs: 1, toolCalls: [] };
    stats.running++;
    const t = setInterval(() => onProgress?.({ elapsedMs: 1000, toolCalls: 0 }), 100);
    await new Promise((r) => signal.addEventListener('abort', r));
    clearInterval(t);
    stats.running--; stats.aborted++;
    return { ok: false, phase: 'aborted', message: 'aborted', logs: [], durationMs: 1, toolCalls: [] };
  },
};
runbyte.createMcpServer = () => createMcpServer(runbyte);
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const h = await serveHttp(runbyte, { port: 0, sessionTtlMs: 500 });
// 1 session + cancel via SDK
const t = new StreamableHTTPClientTransport(new URL(h.url));
const c = new Client({ name: 'x', version: '1' });
await c.connect(t);
console.log('session', t.sessionId, h.sessions);
const r = await c.callTool({ name: 'execute_code', arguments: { code: 'abc' } });
console.log('result', JSON.stringify(r.structuredContent));
const ac = new AbortController();
let progress = 0;
const p = c.callTool({ name: 'execute_code', arguments: { code: 'sleep' } }, undefined, { signal: ac.signal, onprogress: () => progress++ });
await wait(300); ac.abort(); await p.catch((e) => console.log('client rejected:', e.message)); await wait(100);
console.log('after cancel', stats, 'progress', progress);
// raw disconnect
const req = request(h.url, { method: 'POST', headers: { 'mcp-session-id': t.sessionId, 'mcp-protocol-version': '2025-06-18', 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
req.on('error', () => {});
req.end(JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'execute_code', arguments: { code: 'sleep' } } }));
await wait(300); console.log('running', stats); req.destroy(); await wait(200);
console.log('after disconnect', stats);
await wait(1800); console.log('sessions after cancels + ttl (SDK client has GET open)', h.sessions); await t.terminateSession(); console.log('after delete sessions', h.sessions);
await c.close();
// expiry
const init = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'r', version: '1' } } }) }); await init.text();
const c2 = { close: async () => {} };
console.log('sessions', h.sessions); await wait(1800); console.log('after ttl sessions', h.sessions);
await c2.close().catch(()=>{});
await h.close();
// stateless
const s = await serveHttp(runbyte, { port: 0, stateless: true });
const t3 = new StreamableHTTPClientTransport(new URL(s.url)); const c3 = new Client({ name: 'x', version: '1' }); await c3.connect(t3);
console.log('stateless', t3.sessionId, JSON.stringify((await c3.callTool({ name: 'execute_code', arguments: { code: 'abcd' } })).structuredContent));
const ac3 = new AbortController();
const p3 = c3.callTool({ name: 'execute_code', arguments: { code: 'sleep' } }, undefined, { signal: ac3.signal });
await wait(300); ac3.abort(); await p3.catch((e) => console.log('client rejected:', e.message)); await wait(200);
console.log('stateless after cancel', stats);
await c3.close(); await s.close();
