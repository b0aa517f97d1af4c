import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { catalogueServers, type CatalogueServer } from './catalogue.js';
import { replayConfig, replayConfigs, startHttpReplay, type HttpReplay } from './downstream.js';
import { resultText, runbyteClient, stdioClient } from './mcp-client.js';
import { loadServer, waitReady, type RunbyteLike } from './runbyte.js';
import { countJsonTokens, countTokens } from './tokens.js';

/** One model turn: the tool call the model writes and the result it reads back. */
export interface Step {
  label: string;
  request: { name: string; arguments: Record<string, unknown> };
  requestTokens: number;
  responseTokens: number;
  /** Tokens of `structuredContent`, for clients that show it to the model as well as the text. */
  structuredTokens?: number;
  ok: boolean;
}

export interface TaskDefinition {
  id: 'create-issue' | 'pending-orders';
  title: string;
  /** For charts. */
  short: string;
  /** The one downstream call a traditional client makes. */
  server: string;
  tool: string;
  args: Record<string, unknown>;
  /** The Runbyte discovery-and-execute flow. */
  listServer: string;
  readFile: string;
  code: string;
}

export const TASKS: TaskDefinition[] = [
  {
    id: 'create-issue',
    title: 'Create one GitHub issue',
    short: 'Create one GitHub issue',
    server: 'github',
    tool: 'create_issue',
    args: {
      owner: 'acme',
      repo: 'webapp',
      title: 'Checkout fails when the cart is empty',
      body: 'Steps: open /checkout with an empty cart. Expected: a message. Actual: HTTP 500.',
      labels: ['bug'],
    },
    listServer: '/servers/github',
    readFile: '/servers/github/createIssue.ts',
    code: `import * as github from './servers/github';

export async function exec() {
  const issue = (await github.createIssue({
    owner: 'acme',
    repo: 'webapp',
    title: 'Checkout fails when the cart is empty',
    body: 'Steps: open /checkout with an empty cart. Expected: a message. Actual: HTTP 500.',
    labels: ['bug'],
  })) as { number: number; html_url: string };
  return { number: issue.number, url: issue.html_url };
}
`,
  },
  {
    id: 'pending-orders',
    title: 'Fetch 10,000 rows, keep pending orders over 1,000, return a 5-row sample',
    short: 'Pending orders from 10,000 rows',
    server: 'postgres',
    tool: 'query',
    args: { sql: 'SELECT * FROM orders' },
    listServer: '/servers/postgres',
    readFile: '/servers/postgres/query.ts',
    code: `import * as postgres from './servers/postgres';

interface Order { id: number; customer: string; status: string; amount: number; created_at: string }

export async function exec() {
  const rows = (await postgres.query({ sql: 'SELECT * FROM orders' })) as Order[];
  const pending = rows.filter((o) => o.status === 'pending' && o.amount > 1000);
  return { scanned: rows.length, matching: pending.length, sample: pending.slice(0, 5) };
}
`,
  },
];

export interface TraditionalSide {
  definitions: number;
  steps: Step[];
  total: number;
}

export interface RunbyteSide {
  toolsList: number;
  instructions: number;
  steps: Step[];
  total: number;
  /** What exec() returned, so the report shows the work was really done. */
  result?: string;
}

export interface TaskEconomy {
  task: TaskDefinition['id'];
  title: string;
  short: string;
  scale: number;
  servers: number;
  tools: number;
  traditional: TraditionalSide;
  runbyte?: RunbyteSide;
  runbyteError?: string;
  /** 1 - runbyte / traditional, as a percentage. */
  reductionPct?: number;
  definitionsReductionPct?: number;
}

/** Tool definitions as a client forwards them to the model: name, description, inputSchema. */
export function definitionTokens(tools: { name: string; description?: string; inputSchema: unknown }[]): number {
  return countJsonTokens(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })));
}

async function callStep(client: Client, label: string, name: string, args: Record<string, unknown>): Promise<Step> {
  const result = await client.callTool({ name, arguments: args });
  const step: Step = {
    label,
    request: { name, arguments: args },
    requestTokens: countJsonTokens({ name, arguments: args }),
    responseTokens: countTokens(resultText(result)),
    ok: result.isError !== true,
  };
  if (result.structuredContent !== undefined) step.structuredTokens = countJsonTokens(result.structuredContent);
  return step;
}

const sum = (steps: Step[]) => steps.reduce((n, s) => n + s.requestTokens + s.responseTokens, 0);

/** The traditional side's one call per task, answered by the replay server of the task's catalogue. */
async function traditionalSteps(): Promise<Map<string, Step>> {
  const out = new Map<string, Step>();
  for (const task of TASKS) {
    const client = await stdioClient(replayConfig(task.server));
    try {
      out.set(task.id, await callStep(client, `${task.tool} (direct)`, task.tool, task.args));
    } finally {
      await client.close();
    }
  }
  return out;
}

async function runbyteFlow(client: Client, task: TaskDefinition): Promise<{ steps: Step[]; result: string }> {
  const steps = [
    await callStep(client, 'list_directory /servers', 'list_directory', { path: '/servers' }),
    await callStep(client, `list_directory ${task.listServer}`, 'list_directory', {
      path: task.listServer,
      withDescriptions: true,
    }),
    await callStep(client, `read_file ${task.readFile}`, 'read_file', { path: task.readFile }),
  ];
  const result = await client.callTool({ name: 'execute_code', arguments: { code: task.code } });
  const text = resultText(result);
  steps.push({
    label: 'execute_code',
    request: { name: 'execute_code', arguments: { code: task.code } },
    requestTokens: countJsonTokens({ name: 'execute_code', arguments: { code: task.code } }),
    responseTokens: countTokens(text),
    ...(result.structuredContent !== undefined ? { structuredTokens: countJsonTokens(result.structuredContent) } : {}),
    ok: result.isError !== true,
  });
  return { steps, result: text };
}

/** tools/list of every replay server of the catalogue, checked against the recorded files. */
async function servedDefinitions(servers: CatalogueServer[]): Promise<{ tokens: number; identical: boolean }> {
  const listed: { name: string; description?: string; inputSchema: unknown }[] = [];
  await Promise.all(
    servers.map(async (s) => {
      const client = await stdioClient(replayConfig(s.catalogue, s.name));
      try {
        listed.push(...(await client.listTools()).tools);
      } finally {
        await client.close();
      }
    }),
  );
  const recorded = servers.flatMap((s) => s.tools);
  const canon = (tools: typeof listed) =>
    tools
      .map(({ name, description, inputSchema }) => JSON.stringify({ name, description, inputSchema }))
      .sort()
      .join('\n');
  return { tokens: definitionTokens(listed), identical: canon(listed) === canon(recorded) };
}

export interface EconomyRun {
  /** Whether the replay servers' tools/list matched the recorded catalogue byte for byte (at 1×). */
  servedIdentical: boolean;
  results: TaskEconomy[];
}

export async function measureEconomy(scales: number[], log: (msg: string) => void): Promise<EconomyRun> {
  const traditional = await traditionalSteps();
  const served = await servedDefinitions(catalogueServers(1));
  log(
    `replay servers' tools/list ${served.identical ? 'matches' : 'DIFFERS FROM'} the recorded catalogue (${served.tokens} tokens)`,
  );
  const results: TaskEconomy[] = [];
  let serverModule: Awaited<ReturnType<typeof loadServer>> | undefined;
  let loadError: string | undefined;
  try {
    serverModule = await loadServer();
  } catch (error) {
    loadError = (error as Error).message;
  }

  for (const scale of scales) {
    const servers: CatalogueServer[] = catalogueServers(scale);
    const tools = servers.flatMap((s) => s.tools);
    const definitions = definitionTokens(tools);
    log(`economy ${scale}x: ${servers.length} servers, ${tools.length} tools, ${definitions} definition tokens`);

    let client: Client | undefined;
    let runbyte: RunbyteLike | undefined;
    let workspaceDir: string | undefined;
    let http: HttpReplay | undefined;
    let toolsList = 0;
    let instructions = 0;
    let scaleError = loadError;
    if (serverModule) {
      try {
        workspaceDir = mkdtempSync(join(tmpdir(), 'runbyte-bench-'));
        const startAt = performance.now();
        // Above the catalogue itself, the servers are served over Streamable HTTP from one process: 110
        // Node processes starting at once on a small machine measure the machine, not the tokens.
        if (scale > 1) http = await startHttpReplay(scale);
        const mcpServers = http ? http.configs(servers) : replayConfigs(servers);
        runbyte = await serverModule.createRunbyte({ mcpServers, server: { workspaceDir } });
        const down = await waitReady(runbyte);
        if (down.length) log(`  ${down.length} servers not ready: ${down.join('; ')}`);
        log(`  Runbyte ready with ${servers.length} servers in ${Math.round(performance.now() - startAt)} ms`);
        client = await runbyteClient(runbyte);
        const listed = await client.listTools();
        toolsList = definitionTokens(listed.tools);
        instructions = countTokens(client.getInstructions() ?? '');
      } catch (error) {
        scaleError = `Runbyte did not start: ${(error as Error).message}`;
      }
    }

    for (const task of TASKS) {
      const direct = traditional.get(task.id)!;
      const trad: TraditionalSide = { definitions, steps: [direct], total: definitions + sum([direct]) };
      const entry: TaskEconomy = {
        task: task.id,
        title: task.title,
        short: task.short,
        scale,
        servers: servers.length,
        tools: tools.length,
        traditional: trad,
      };
      if (client) {
        try {
          const flowStart = performance.now();
          const flow = await runbyteFlow(client, task);
          log(`  ${task.id}: Runbyte flow in ${Math.round(performance.now() - flowStart)} ms`);
          const total = toolsList + instructions + sum(flow.steps);
          entry.runbyte = { toolsList, instructions, steps: flow.steps, total, result: flow.result.slice(0, 2000) };
          const failed = flow.steps.filter((s) => !s.ok);
          if (failed.length)
            entry.runbyteError = `failed steps: ${failed.map((s) => s.label).join(', ')}: ${flow.result.slice(0, 300)}`;
          entry.reductionPct = (1 - total / trad.total) * 100;
          entry.definitionsReductionPct = (1 - (toolsList + instructions) / definitions) * 100;
        } catch (error) {
          entry.runbyteError = (error as Error).message;
        }
      } else if (scaleError) {
        entry.runbyteError = scaleError;
      }
      results.push(entry);
    }
    await client?.close();
    await runbyte?.close();
    await http?.close();
    if (workspaceDir) rmSync(workspaceDir, { recursive: true, force: true });
  }
  return { servedIdentical: served.identical, results };
}
