// Started once per cold-start sample (fork, IPC): process start → Runbyte ready, i.e. createRunbyte
// resolved with every downstream server connected and the first list_directory "/servers" answered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueServers } from './catalogue.js';
import { replayConfigs } from './downstream.js';
import { loadServer } from './runbyte.js';

const count = Number(process.argv[2] ?? 1);
const servers = catalogueServers(Math.ceil(count / 11)).slice(0, count);
if (count === 1) servers.splice(0, 1, ...catalogueServers(1).filter((s) => s.catalogue === 'github'));

try {
  const importStart = performance.now();
  const { createRunbyte } = await loadServer();
  const createStart = performance.now();
  const workspaceDir = mkdtempSync(join(tmpdir(), 'runbyte-bench-'));
  const runbyte = await createRunbyte({ mcpServers: replayConfigs(servers), server: { workspaceDir } });
  const listing = await runbyte.listDirectory('/servers');
  const ready = performance.now();
  const states = runbyte.hub.servers();
  const notReady = states.filter((s) => s.status !== 'ready').map((s) => `${s.name}: ${s.error ?? s.status}`);
  process.send?.({
    servers: states.length,
    entries: listing.entries.length,
    notReady,
    // performance.now() counts from the start of this process.
    processToReadyMs: ready,
    importMs: createStart - importStart,
    createToReadyMs: ready - createStart,
  });
  await runbyte.close();
  rmSync(workspaceDir, { recursive: true, force: true });
  process.disconnect?.();
} catch (error) {
  process.send?.({ error: (error as Error).message.split('\n')[0] });
  process.disconnect?.();
}
