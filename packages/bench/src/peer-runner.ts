// Runs under Node 22 (isolated-vm, which @utcp/code-mode needs, ships binaries for Node 22/24 only):
//   node22 --no-node-snapshot dist/peer-runner.js <out.json>
// The peer reaches the same replay MCP server over stdio through a small UTCP communication protocol
// written here on the MCP SDK client (the same client @utcp/mcp is built on), and writes its figures
// to <out.json>: its own stdout carries the UTCP client's console.log chatter.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CODE_PEER, PEER_PROTOCOL } from './peer-workloads.js';
import { replayConfig } from './downstream.js';
import { measure, type Summary } from './stats.js';
import { SEQUENTIAL_CALLS, SLOW_MS } from './speed-constants.js';

interface CallTemplate {
  name?: string;
  call_template_type: string;
  command?: string;
  args?: string[];
  [key: string]: unknown;
}

interface UtcpSdk {
  CommunicationProtocol: { communicationProtocols: Record<string, unknown> };
  CallTemplateSerializer: { registerCallTemplate(type: string, serializer: unknown, override?: boolean): boolean };
  Serializer: new () => object;
}

interface CodeModeClient {
  registerManual(template: CallTemplate): Promise<{ success: boolean; errors: string[] }>;
  callToolChain(code: string, timeout?: number, memoryLimit?: number): Promise<{ result: unknown; logs: string[] }>;
  close?(): Promise<void>;
}

const out = process.argv[2];
if (!out) throw new Error('usage: peer-runner <out.json>');

const codeModeUrl = import.meta.resolve('@utcp/code-mode');
// The SDK instance code-mode itself imports (its registry of protocols is a static of that instance).
const sdkCjs = createRequire(fileURLToPath(codeModeUrl)).resolve('@utcp/sdk');
const sdk = (await import(pathToFileURL(sdkCjs.replace(/index\.cjs$/, 'index.js')).href)) as UtcpSdk;
const { CodeModeUtcpClient } = (await import(codeModeUrl)) as {
  CodeModeUtcpClient: { create(): Promise<CodeModeClient> };
};

const clients = new Map<string, Client>();

function unwrap(result: Record<string, unknown>): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = (result.content ?? []) as { type: string; text?: string }[];
  if (content.length === 1 && content[0]!.type === 'text') {
    const text = content[0]!.text ?? '';
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return content;
}

const protocol = {
  async registerManual(_caller: unknown, template: CallTemplate) {
    const client = new Client({ name: 'utcp-peer', version: '0.1.0' });
    await client.connect(
      new StdioClientTransport({ command: template.command!, args: template.args ?? [], stderr: 'ignore' }),
    );
    clients.set(template.name!, client);
    const { tools } = await client.listTools();
    return {
      manualCallTemplate: template,
      manual: {
        utcp_version: '1.0.0',
        manual_version: '1.0.0',
        tools: tools.map((tool) => ({
          name: tool.name,
          description: tool.description ?? '',
          inputs: tool.inputSchema,
          outputs: {},
          tags: [],
          tool_call_template: template,
        })),
      },
      success: true,
      errors: [],
    };
  },
  async deregisterManual(_caller: unknown, template: CallTemplate) {
    await clients.get(template.name!)?.close();
    clients.delete(template.name!);
  },
  async callTool(_caller: unknown, toolName: string, args: Record<string, unknown>, template: CallTemplate) {
    const client = clients.get(template.name!);
    if (!client) throw new Error(`manual ${template.name} is not connected`);
    const name = toolName.slice(toolName.indexOf('.') + 1);
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(JSON.stringify(result.content));
    return unwrap(result as Record<string, unknown>);
  },
  async *callToolStreaming(caller: unknown, toolName: string, args: Record<string, unknown>, template: CallTemplate) {
    yield await protocol.callTool(caller, toolName, args, template);
  },
  async close() {
    await Promise.all([...clients.values()].map((c) => c.close()));
    clients.clear();
  },
};

class PassThroughSerializer extends sdk.Serializer {
  toDict(obj: CallTemplate) {
    return { ...obj };
  }
  validateDict(obj: CallTemplate) {
    return obj;
  }
}
sdk.CallTemplateSerializer.registerCallTemplate(PEER_PROTOCOL, new PassThroughSerializer(), true);
sdk.CommunicationProtocol.communicationProtocols[PEER_PROTOCOL] = protocol;

const report: Record<string, unknown> = { node: process.version };
try {
  const requireFromCodeMode = createRequire(fileURLToPath(codeModeUrl));
  report.codeModeVersion = (requireFromCodeMode('../package.json') as { version: string }).version;
} catch {
  // version is informative only
}
try {
  const client = await CodeModeUtcpClient.create();
  for (const [name, delay] of [
    ['everything', 0],
    ['slow', SLOW_MS],
  ] as const) {
    const config = replayConfig('everything', name, delay);
    const registered = await client.registerManual({ name, call_template_type: PEER_PROTOCOL, ...config });
    if (!registered.success) throw new Error(`registering ${name} failed: ${registered.errors.join('; ')}`);
  }
  const run = async (code: string) => {
    const { result, logs } = await client.callToolChain(code);
    if (result === null) throw new Error(`callToolChain failed: ${logs.join(' / ')}`);
    return result;
  };
  report.return1 = await measure(100, () => run(CODE_PEER.return1), 5);
  const sequential: Summary = await measure(10, () => run(CODE_PEER.sequential), 2);
  report.sequentialExecution = sequential;
  report.sequentialPerCall = {
    ...sequential,
    median: sequential.median / SEQUENTIAL_CALLS,
    min: sequential.min / SEQUENTIAL_CALLS,
    max: sequential.max / SEQUENTIAL_CALLS,
  };
  report.parallel = await measure(3, () => run(CODE_PEER.parallel), 1);

  // The floor under this Node version, for a like-for-like ratio.
  const direct = clients.get('everything')!;
  const batch = await measure(
    10,
    async () => {
      for (let i = 0; i < SEQUENTIAL_CALLS; i++)
        await direct.callTool({ name: 'echo', arguments: { message: 'ping' } });
    },
    2,
  );
  report.floorPerCallInBatch = {
    ...batch,
    median: batch.median / SEQUENTIAL_CALLS,
    min: batch.min / SEQUENTIAL_CALLS,
    max: batch.max / SEQUENTIAL_CALLS,
  };
  await protocol.close();
} catch (error) {
  report.error = (error as Error).stack ?? String(error);
}
writeFileSync(out, JSON.stringify(report));
process.exit(0);
