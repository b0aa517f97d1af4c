import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { catalogueServers, type CatalogueServer } from './catalogue.js';
import { replayConfigs, startHttpReplay, type HttpReplay } from './downstream.js';
import { runbyteClient } from './mcp-client.js';
import { loadServer, waitReady, type RunbyteLike } from './runbyte.js';
import { countTokens } from './tokens.js';
import { TASKS, type TaskDefinition } from './tasks.js';
import {
  cumulativeInput,
  definitionTokens,
  sum,
  type SearchQuality,
  type TaskEconomy,
  type TraditionalSide,
} from './economy-counting.js';
import { runbyteFlow, searchQuality, servedDefinitions, traditionalSteps } from './economy-flows.js';

export { TASKS, type TaskDefinition };
export {
  cumulativeInput,
  definitionTokens,
  type RunbyteSide,
  type SearchQuality,
  type Step,
  type TaskEconomy,
  type TraditionalSide,
} from './economy-counting.js';

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
