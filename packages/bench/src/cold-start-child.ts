// Started once per cold-start sample (fork, IPC, --expose-gc): process start → Runbyte ready, i.e.
// createRunbyte resolved, every downstream server ready, and the first list_directory "/servers"
// answered. Then, in the same process, the memory of that many servers connected and with every
// server's library generated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueServers } from './catalogue.js';
import { replayConfigs } from './downstream.js';
import { loadServer, waitReady } from './runbyte.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
};

const count = Number(process.argv[2] ?? 1);
// With a port, the servers are reached over Streamable HTTP (the bench's HTTP replay server).
const httpPort = process.argv[3] ? Number(process.argv[3]) : undefined;
const servers =
  count === 1
    ? catalogueServers(1).filter((s) => s.catalogue === 'github')
    : catalogueServers(Math.ceil(count / 11)).slice(0, count);

try {
  const importStart = performance.now();
  const { createRunbyte } = await loadServer();
  const createStart = performance.now();
  const workspaceDir = mkdtempSync(join(tmpdir(), 'runbyte-bench-'));
  const mcpServers = httpPort
    ? Object.fromEntries(
        servers.map((s) => [
          s.name,
          { type: 'http' as const, url: `http://127.0.0.1:${httpPort}/${encodeURIComponent(s.name)}/mcp` },
        ]),
      )
    : replayConfigs(servers);
  const runbyte = await createRunbyte({ mcpServers, server: { workspaceDir } });
  const created = performance.now();
  const notReady = await waitReady(runbyte);
  const listing = await runbyte.listDirectory('/servers');
  const ready = performance.now();

  // One execution first, so the sandbox's WASM is loaded as in the idle figure of the memory run.
  await runbyte.executeCode('export async function exec() { return 1; }');
  await settle();
  const connectedRss = process.memoryUsage().rss;
  for (const s of runbyte.servers()) await runbyte.readFile(`/servers/${s.name}/index.ts`);
  await settle();
  const generatedRss = process.memoryUsage().rss;

  process.send?.({
    servers: servers.length,
    entries: listing.entries.length,
    notReady,
    // performance.now() counts from the start of this process.
    processToReadyMs: ready,
    importMs: createStart - importStart,
    createResolvedMs: created - createStart,
    createToReadyMs: ready - createStart,
    connectedRss,
    generatedRss,
  });
  await runbyte.close();
  rmSync(workspaceDir, { recursive: true, force: true });
} catch (error) {
  process.send?.({ error: (error as Error).message.split('\n')[0] });
}
process.disconnect?.();
