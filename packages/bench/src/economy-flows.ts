import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CatalogueServer } from './catalogue.js';
import { replayConfig } from './downstream.js';
import { resultText, stdioClient } from './mcp-client.js';
import { SEARCH_INTENTS, searchHits } from '@runbyte/test-support';
import { TASKS, type TaskDefinition } from './tasks.js';
import { callStep, definitionTokens, type SearchQuality, type Step } from './economy-counting.js';

/** The traditional side's calls per task, answered by the replay servers of the tasks' catalogues. */
export async function traditionalSteps(): Promise<Map<string, Step[]>> {
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

export async function runbyteFlow(client: Client, task: TaskDefinition): Promise<{ steps: Step[]; result: string }> {
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

export async function searchQuality(client: Client, scale: number): Promise<SearchQuality> {
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
export async function servedDefinitions(servers: CatalogueServer[]): Promise<{ tokens: number; identical: boolean }> {
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
