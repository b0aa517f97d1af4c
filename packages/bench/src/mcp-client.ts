import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { StdioConfig } from './downstream.js';
import type { RunbyteLike } from './runbyte.js';

const clientInfo = { name: 'runbyte-bench', version: '0.1.0' };

/** A plain SDK client over stdio: what a traditional MCP host does for each server. */
export async function stdioClient(config: StdioConfig): Promise<Client> {
  const client = new Client(clientInfo);
  await client.connect(new StdioClientTransport({ ...config, stderr: 'ignore' }));
  return client;
}

/** An SDK client talking to a Runbyte MCP server in process, as an agent host would see it. */
export async function runbyteClient(runbyte: RunbyteLike): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await runbyte.createMcpServer().connect(serverSide);
  const client = new Client(clientInfo);
  await client.connect(clientSide);
  return client;
}

/** The text parts of a tool result, which is what the model reads. */
export function resultText(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('\n');
}
