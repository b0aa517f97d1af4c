// #15 start-up figures, each from a process spawn as a desktop client sees it: the Runbyte CLI over
// stdio answering `initialize` with 11 stdio servers configured (one never answers), a bare SDK server
// answering `initialize` (the floor), and the first `list_directory /servers` with 11 healthy servers
// against the slowest of those servers' own start-up (the same 11 started at once by plain SDK clients).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { catalogueServers } from './catalogue.js';
import { replayConfigs, type StdioConfig } from './downstream.js';
import { resultText } from './mcp-client.js';
import { repoRoot, script } from './paths.js';
import { QUICK, summarize, type Summary } from './stats.js';

export interface StartupFigures {
  /** Spawn → `initialize` answered, 11 stdio servers configured, one of them never answering. */
  initialize: Summary;
  /** Spawn → `initialize` answered by a bare SDK server (McpServer, no tools) over stdio: the floor. */
  bareInitialize: Summary;
  /** Spawn → first `list_directory /servers` answered, 11 healthy stdio servers. */
  firstListing: Summary;
  /** Servers the first listing still showed as connecting (any run). */
  firstListingConnecting: number;
  /** Per run, the slowest of the 11 servers started at once by plain SDK clients (spawn → tools/list). */
  slowestServerStart: Summary;
}

const CLI = join(repoRoot, 'apps', 'runbyte', 'dist', 'cli.js');
const clientInfo = { name: 'runbyte-bench', version: '0.1.0' };

/** A stdio server that reads its input and never answers: the stuck downstream server. */
const STUCK: StdioConfig = {
  command: process.execPath,
  args: ['-e', 'process.stdin.resume(); setInterval(() => {}, 1 << 30);'],
};

async function spawnAndInitialize(config: StdioConfig): Promise<{ client: Client; ms: number }> {
  const client = new Client(clientInfo);
  const start = performance.now();
  await client.connect(new StdioClientTransport({ ...config, stderr: 'ignore' }));
  return { client, ms: performance.now() - start };
}

function runbyteCli(dir: string, mcpServers: Record<string, StdioConfig>): StdioConfig {
  const file = join(dir, `config-${Object.keys(mcpServers).length}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ mcpServers, server: { workspaceDir: join(dir, 'workspace') } }));
  return { command: process.execPath, args: [CLI, '--config', file, '--log-level', 'silent'] };
}

export async function measureStartup(log: (msg: string) => void): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-bench-startup-'));
  const runs = QUICK ? 1 : 5;
  const healthy = replayConfigs(catalogueServers(1));
  const withStuck = replayConfigs(catalogueServers(1).slice(0, 10));
  try {
    const stuckConfig = runbyteCli(dir, { ...withStuck, stuck: STUCK });
    const healthyConfig = runbyteCli(dir, healthy);
    const bare: StdioConfig = { command: process.execPath, args: [script('bare-server.js')] };
    const init: number[] = [];
    const floor: number[] = [];
    log(`startup: initialize from spawn (${runs} runs each, Runbyte with a stuck server and a bare SDK server)`);
    for (let i = 0; i < runs; i++) {
      // Alternated, so both see the same load of the shared machine.
      const a = await spawnAndInitialize(stuckConfig);
      init.push(a.ms);
      await a.client.close();
      const b = await spawnAndInitialize(bare);
      floor.push(b.ms);
      await b.client.close();
    }
    log('startup: first list_directory /servers with 11 healthy servers, and the servers alone');
    const listing: number[] = [];
    const slowest: number[] = [];
    let connecting = 0;
    for (let i = 0; i < Math.max(1, runs - 2); i++) {
      const start = performance.now();
      const { client } = await spawnAndInitialize(healthyConfig);
      const text = resultText(await client.callTool({ name: 'list_directory', arguments: { path: '/servers' } }));
      listing.push(performance.now() - start);
      connecting = Math.max(connecting, (text.match(/connecting/g) ?? []).length);
      await client.close();
      const alone = await Promise.all(
        Object.values(healthy).map(async (config) => {
          const t = performance.now();
          const { client: c } = await spawnAndInitialize(config);
          await c.listTools();
          const ms = performance.now() - t;
          await c.close();
          return ms;
        }),
      );
      slowest.push(Math.max(...alone));
    }
    return {
      initialize: summarize(init),
      bareInitialize: summarize(floor),
      firstListing: summarize(listing),
      firstListingConnecting: connecting,
      slowestServerStart: summarize(slowest),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
