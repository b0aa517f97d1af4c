import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { catalogueServers, type CatalogueServer } from './catalogue.js';
import { replayConfig, replayConfigs, startHttpReplay, type HttpReplay } from './downstream.js';
import { resultText, runbyteClient, stdioClient } from './mcp-client.js';
import { loadServer, waitReady, type RunbyteLike } from './runbyte.js';
import { countJsonTokens, countTokens } from './tokens.js';
import { SEARCH_INTENTS, searchHits } from '@runbyte/test-support';
import { TASKS, type TaskDefinition } from './tasks.js';

export { TASKS, type TaskDefinition };

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

export interface TraditionalSide {
  definitions: number;
  steps: Step[];
  total: number;
  /** Input tokens over the whole conversation: every model turn re-reads everything before it. */
  cumulativeInput: number;
}

export interface RunbyteSide {
  toolsList: number;
  instructions: number;
  steps: Step[];
  total: number;
  cumulativeInput: number;
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
  /** Transport of the downstream servers at this scale. */
  transport: 'stdio' | 'http';
  traditional: TraditionalSide;
  runbyte?: RunbyteSide;
  runbyteError?: string;
  /** 1 - runbyte / traditional, as a percentage. */
  reductionPct?: number;
  definitionsReductionPct?: number;
}

/** Search quality over the shared intents set (@runbyte/test-support), through list_directory over MCP. */
export interface SearchQuality {
  scale: number;
  intents: number;
  hitAt1: number;
  hitAt3: number;
  misses: string[];
}

/** Tool definitions as a client forwards them to the model: name, description, inputSchema. */
export function definitionTokens(tools: { name: string; description?: string; inputSchema: unknown }[]): number {
  return countJsonTokens(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })));
}

async function callStep(
  client: Client,
  label: string,
  name: string,
  args: Record<string, unknown>,
): Promise<Step & { text: string; calls: string[] }> {
  const result = await client.callTool({ name, arguments: args });
  const text = resultText(result);
  // execute_code reports the downstream calls it made.
  const toolCalls = (result.structuredContent as { toolCalls?: { server: string; tool: string }[] } | undefined)
    ?.toolCalls;
  const step: Step & { text: string; calls: string[] } = {
    label,
    request: { name, arguments: args },
    requestTokens: countJsonTokens({ name, arguments: args }),
    responseTokens: countTokens(text),
    ok: result.isError !== true,
    text,
    calls: (toolCalls ?? []).map((c) => `${c.server}.${c.tool}`),
  };
  if (result.structuredContent !== undefined) step.structuredTokens = countJsonTokens(result.structuredContent);
  return step;
}

const sum = (steps: Step[]) => steps.reduce((n, s) => n + s.requestTokens + s.responseTokens, 0);

/** n calls make n + 1 model turns; turn k reads the fixed text and the first k calls with their results. */
export function cumulativeInput(fixed: number, steps: Step[]): number {
  let context = fixed;
  let total = context;
  for (const s of steps) {
    context += s.requestTokens + s.responseTokens;
    total += context;
  }
  return total;
}

/** The traditional side's calls per task, answered by the replay servers of the tasks' catalogues. */
async function traditionalSteps(): Promise<Map<string, Step[]>> {
  const out = new Map<string, Step[]>();
  const clients = new Map<string, Client>();
  try {
    for (const task of TASKS) {
      const steps: Step[] = [];
      for (const call of task.direct) {
        let client = clients.get(call.server);
        if (!client) clients.set(call.server, (client = await stdioClient(replayConfig(call.server))));
        const {
          text: _,
          calls: __,
          ...step
        } = await callStep(client, `${call.server} ${call.tool} (direct)`, call.tool, call.args);
        steps.push(step);
      }
      out.set(task.id, steps);
    }
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
  }
  return out;
}

async function runbyteFlow(client: Client, task: TaskDefinition): Promise<{ steps: Step[]; result: string }> {
  const search = await callStep(client, `list_directory {query: "${task.query}"}`, 'list_directory', {
    query: task.query,
  });
  const run = await callStep(client, 'execute_code', 'execute_code', { code: task.code });
  const { text: _, ...searchStep } = search;
  const { text, calls, ...runStep } = run;
  // The flow only counts when it did the task's work: the same downstream calls as the direct side.
  const expected = task.direct.map((c) => `${c.server}.${c.tool}`);
  if (runStep.ok && calls.join() !== expected.join()) {
    runStep.ok = false;
    return {
      steps: [searchStep, runStep],
      result: `made calls [${calls.join(', ')}], expected [${expected.join(', ')}]`,
    };
  }
  return { steps: [searchStep, runStep], result: text };
}

async function searchQuality(client: Client, scale: number): Promise<SearchQuality> {
  let hitAt1 = 0;
  let hitAt3 = 0;
  const misses: string[] = [];
  for (const [intent, expected] of SEARCH_INTENTS) {
    const hits = searchHits(
      resultText(await client.callTool({ name: 'list_directory', arguments: { query: intent } })),
    );
    if (hits[0]?.includes(expected)) hitAt1++;
    if (hits.slice(0, 3).some((h) => h.includes(expected))) hitAt3++;
    else misses.push(`${intent} → ${hits[0]?.[0] ?? 'nothing'}`);
  }
  return { scale, intents: SEARCH_INTENTS.length, hitAt1, hitAt3, misses };
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
  // Key order aside: the SDK client's schema parsing moves `type` and `properties` first.
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  const canon = (tools: typeof listed) =>
    tools
      .map(({ name, description, inputSchema }) => JSON.stringify(sorted({ name, description, inputSchema })))
      .sort()
      .join('\n');
  return { tokens: definitionTokens(listed), identical: canon(listed) === canon(recorded) };
}

export interface EconomyRun {
  /** Whether the replay servers' tools/list matched the recorded catalogue byte for byte (at 1×). */
  servedIdentical: boolean;
  results: TaskEconomy[];
  search: SearchQuality[];
}

export async function measureEconomy(scales: number[], log: (msg: string) => void): Promise<EconomyRun> {
  const traditional = await traditionalSteps();
  const served = await servedDefinitions(catalogueServers(1));
  log(
    `replay servers' tools/list ${served.identical ? 'matches' : 'DIFFERS FROM'} the recorded catalogue (${served.tokens} tokens)`,
  );
  const results: TaskEconomy[] = [];
  const search: SearchQuality[] = [];
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
        // (or 1,100) Node processes starting at once on a small machine measure the machine, not the tokens.
        if (scale > 1) http = await startHttpReplay(scale);
        const mcpServers = http ? http.configs(servers) : replayConfigs(servers);
        runbyte = await serverModule.createRunbyte({ mcpServers, server: { workspaceDir } });
        const down = await waitReady(runbyte, 180_000);
        if (down.length) log(`  ${down.length} servers not ready: ${down.slice(0, 5).join('; ')}`);
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
      const trad: TraditionalSide = {
        definitions,
        steps: direct,
        total: definitions + sum(direct),
        cumulativeInput: cumulativeInput(definitions, direct),
      };
      const entry: TaskEconomy = {
        task: task.id,
        title: task.title,
        short: task.short,
        scale,
        servers: servers.length,
        tools: tools.length,
        transport: http ? 'http' : 'stdio',
        traditional: trad,
      };
      if (client) {
        try {
          const flowStart = performance.now();
          const flow = await runbyteFlow(client, task);
          log(`  ${task.id}: Runbyte flow in ${Math.round(performance.now() - flowStart)} ms`);
          const fixed = toolsList + instructions;
          const total = fixed + sum(flow.steps);
          entry.runbyte = {
            toolsList,
            instructions,
            steps: flow.steps,
            total,
            cumulativeInput: cumulativeInput(fixed, flow.steps),
            result: flow.result.slice(0, 2000),
          };
          const failed = flow.steps.filter((s) => !s.ok);
          if (failed.length)
            entry.runbyteError = `failed steps: ${failed.map((s) => s.label).join(', ')}: ${flow.result.slice(0, 300)}`;
          entry.reductionPct = (1 - total / trad.total) * 100;
          entry.definitionsReductionPct = (1 - fixed / definitions) * 100;
        } catch (error) {
          entry.runbyteError = (error as Error).message;
        }
      } else if (scaleError) {
        entry.runbyteError = scaleError;
      }
      results.push(entry);
    }
    if (client) {
      try {
        const quality = await searchQuality(client, scale);
        log(`  search hit@1 ${quality.hitAt1}/${quality.intents}, hit@3 ${quality.hitAt3}/${quality.intents}`);
        search.push(quality);
      } catch (error) {
        log(`  search quality not measured: ${(error as Error).message}`);
      }
    }
    await client?.close();
    await runbyte?.close();
    await http?.close();
    if (workspaceDir) rmSync(workspaceDir, { recursive: true, force: true });
  }
  return { servedIdentical: served.identical, results, search };
}
