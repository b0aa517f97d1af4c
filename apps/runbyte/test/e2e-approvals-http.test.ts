// Over HTTP several clients share one Runbyte: the approval of a call goes to the session that started
// the execution, never to another one.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { fixtureServer, recorded } from './support/pass-through.js';
import { sandboxDir, startHttp, whyNotRunnable, type HttpProcess, type Sandbox } from './support/cli.js';

const notRunnable = await whyNotRunnable();

describe.skipIf(notRunnable)('approvals over Streamable HTTP', () => {
  let box: Sandbox;
  let server: HttpProcess;
  let recordFile: string;
  const clients: Client[] = [];

  async function connect(asked: ElicitRequest['params'][]): Promise<Client> {
    const client = new Client({ name: 'approvals-http', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      return { action: 'accept', content: { decision: 'approve' } };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    box = sandboxDir('approvals-http');
    recordFile = join(box.dir, 'calls.jsonl');
    const config = box.writeConfig({ mcpServers: { fx: fixtureServer(recordFile) }, server: { workers: 1 } });
    server = await startHttp(['--config', config], box.env);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await server?.stop();
    box?.remove();
  });

  it('asks the session that started the execution, and only it', async () => {
    const askedA: ElicitRequest['params'][] = [];
    const askedB: ElicitRequest['params'][] = [];
    const a = await connect(askedA);
    await connect(askedB);
    const result = (await a.callTool({
      name: 'execute_code',
      arguments: {
        code: `import * as fx from './servers/fx';
export async function exec() { return await fx.deleteItem({ id: 'h1' }); }`,
      },
    })) as CallToolResult;
    expect((result.structuredContent as { result: unknown }).result).toBe('deleted h1');
    expect(askedA).toHaveLength(1);
    expect(askedB).toEqual([]);
    expect(recorded(recordFile).filter((r) => r.id === 'h1')).toHaveLength(1);
  });
});
