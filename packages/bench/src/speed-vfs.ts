import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueServers } from './catalogue.js';
import { loadBundler, loadVfs, type VfsLike } from './runbyte.js';
import { measure, summarize } from './stats.js';
import { attempt, type Figure } from './speed.js';

export interface ListingFigures {
  scale: number;
  servers: number;
  listRoot: Figure;
  listServer: Figure;
  readToolFile: Figure;
  /** First read of a server's index.ts: that server's library generated on demand. */
  firstServerRead: Figure;
}

/** A virtual filesystem over the recorded catalogue at `scale`, as Runbyte builds it from the hub. */
export async function catalogueVfs(
  scaleFactor: number,
): Promise<{ vfs: VfsLike; servers: string[]; workspace: string }> {
  const { createVfs } = await loadVfs();
  const servers = catalogueServers(scaleFactor).map((s) => ({
    name: s.name,
    status: 'ready' as const,
    tools: s.tools,
    toolsVersion: 1,
  }));
  const workspace = mkdtempSync(join(tmpdir(), 'runbyte-bench-'));
  return {
    vfs: createVfs({ catalog: { servers: () => servers }, workspace: { dir: workspace } }),
    servers: servers.map((s) => s.name),
    workspace,
  };
}

/** Listing and reading latency of @runbyte/vfs, the code behind list_directory and read_file. */
export async function measureListing(scaleFactor: number): Promise<ListingFigures> {
  const { vfs, servers, workspace } = await catalogueVfs(scaleFactor);
  try {
    const listRoot = await attempt(() => measure(200, () => vfs.list('/servers'), 10));
    const listServer = await attempt(() =>
      measure(200, () => vfs.list('/servers/github', { withDescriptions: true }), 10),
    );
    const readToolFile = await attempt(() => measure(200, () => vfs.read('/servers/github/createIssue.ts'), 10));
    // Servers not opened yet, so each first read generates that server's files.
    const samples: number[] = [];
    for (const name of servers.filter((n) => n !== 'github').slice(0, 10)) {
      const start = performance.now();
      await vfs.read(`/servers/${name}/index.ts`);
      samples.push(performance.now() - start);
    }
    return {
      scale: scaleFactor,
      servers: servers.length,
      listRoot,
      listServer,
      readToolFile,
      firstServerRead: summarize(samples),
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

export interface BundleFigures {
  firstInProcess: Figure;
  cold: Figure;
  warm: Figure;
  cached: Figure;
}

/** Bundle times of the task-1 agent file against the catalogue's generated modules. */
export async function measureBundle(code: string): Promise<BundleFigures> {
  const { createBundler } = await loadBundler();
  const vfsModule = await loadVfs();
  const { vfs, workspace } = await catalogueVfs(1);
  const make = () =>
    createBundler({
      modules: vfs.modules,
      builtins: { [vfsModule.WORKSPACE_MODULE]: vfsModule.workspaceModuleSource() },
    });
  const once = async () => {
    const bundler = make();
    const start = performance.now();
    await bundler.bundle(code);
    const ms = performance.now() - start;
    await bundler.dispose();
    return ms;
  };
  try {
    // The first bundle also generates github's files in the vfs; that is codegen, measured apart.
    await vfs.read('/servers/github/index.ts');
    const firstInProcess = summarize([await once()]);
    const coldSamples: number[] = [];
    for (let i = 0; i < 10; i++) coldSamples.push(await once());
    const bundler = make();
    try {
      let n = 0;
      // A new agent file each time (the generated modules stay cached): the usual case.
      const warm = await measure(50, () => bundler.bundle(`${code}\n// run ${n++}\n`), 3);
      const cached = await measure(200, () => bundler.bundle(code), 3);
      return { firstInProcess, cold: summarize(coldSamples), warm, cached };
    } finally {
      await bundler.dispose();
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
