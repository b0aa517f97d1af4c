// The Docker image's entry command, run the way Docker runs it (there is no Docker engine here): the
// final stage's USER, WORKDIR, ENV and ENTRYPOINT from docker/Dockerfile, with the container's
// filesystem simulated by a temp dir, a config file placed where a `-v` mount would put it, and the
// SDK's client speaking stdio, as a desktop client's `docker run -i ... --transport stdio` does.
// The CLI run is what the build stage puts in /app: `pnpm deploy --prod` of apps/runbyte, pruned.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { homeOf, readImageStart, type ImageStart } from './support/dockerfile.js';
import {
  DEMO_SERVER,
  REPO_DIR,
  connectCommand,
  sandboxDir,
  textOf,
  whyNotRunnable,
  type Sandbox,
} from './support/cli.js';

const DOCKERFILE = join(REPO_DIR, 'docker/Dockerfile');
const notRunnable =
  (await whyNotRunnable()) ??
  (spawnSync('pnpm', ['--version']).status === 0 ? undefined : 'pnpm is not on PATH (needed for pnpm deploy)');
const image: ImageStart = readImageStart(DOCKERFILE);

let box: Sandbox;
/** The image's /app: the build stage's deploy and prune, run here. */
let app: string;
let pruneReport = '';
beforeAll(() => {
  box = sandboxDir('docker');
  if (notRunnable) return;
  app = join(box.dir, 'image-app');
  const deploy = spawnSync('pnpm', ['--filter', 'runbyte', 'deploy', '--prod', '--legacy', '--offline', app], {
    cwd: REPO_DIR,
    encoding: 'utf8',
  });
  if (deploy.status !== 0) throw new Error(`pnpm deploy failed:\n${deploy.stdout}\n${deploy.stderr}`);
  const prune = spawnSync(process.execPath, [join(REPO_DIR, 'docker/prune.mjs'), app], { encoding: 'utf8' });
  if (prune.status !== 0) throw new Error(`docker/prune.mjs failed:\n${prune.stderr}`);
  pruneReport = prune.stdout;
}, 120_000);
afterAll(() => box.remove());

/** A path inside the simulated container: the entry command's /app is the deployed CLI, everything
 * else (the working directory /app with its mount, HOME, /data) lives under the per-test root. */
function hostPath(root: string, path: string, forEntry = false): string {
  if (forEntry && (path === '/app' || path.startsWith('/app/'))) return join(app, path.slice('/app'.length));
  return join(root, path);
}

interface Container {
  root: string;
  /** Writes a file where `docker run -v host:<path>` would mount it. */
  mount(path: string, content: unknown): void;
  startStdio(): Promise<{ client: Client; stderr: () => string }>;
}

function container(name: string): Container {
  const root = join(box.dir, name);
  mkdirSync(hostPath(root, image.workdir), { recursive: true });
  mkdirSync(hostPath(root, homeOf(image)), { recursive: true });
  // Only what the image sets, and a PATH: nothing from the developer's shell (RUNBYTE_*, XDG_*).
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: homeOf(image) };
  Object.assign(env, image.env);
  for (const [key, value] of Object.entries(env))
    if (key !== 'PATH' && value.startsWith('/')) env[key] = hostPath(root, value);
  const [command = '', ...args] = [...image.entrypoint, ...image.cmd];
  return {
    root,
    mount(path, content) {
      const file = hostPath(root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(content));
    },
    async startStdio() {
      const entry = [
        ...args.map((arg) => (arg.startsWith('/') ? hostPath(root, arg, true) : arg)),
        '--transport',
        'stdio',
      ];
      const { client, stderr } = await connectCommand(
        command === 'node' ? process.execPath : command,
        entry,
        env,
        hostPath(root, image.workdir),
      );
      return { client, stderr };
    },
  };
}

/** A config whose one server is the demo under another name, so its listing tells it from the demo. */
function mountedConfig(server: string): unknown {
  return { mcpServers: { [server]: { command: process.execPath, args: [DEMO_SERVER] } } };
}

async function serversSeen(box: Container, code?: string): Promise<{ listing: string; stderr: string; run?: unknown }> {
  const { client, stderr } = await box.startStdio();
  try {
    const result = await client.callTool({ name: 'list_directory', arguments: { path: '/servers' } });
    const run = code === undefined ? undefined : await client.callTool({ name: 'execute_code', arguments: { code } });
    return { listing: textOf(result), stderr: stderr(), run };
  } finally {
    await client.close();
  }
}

describe('the image as docker/Dockerfile defines it', () => {
  it('runs as an unprivileged user that owns its HOME, and starts the CLI', () => {
    expect(image.user).not.toBe('root');
    expect(image.entrypoint).toEqual(['node', '/app/dist/cli.js']);
    const home = homeOf(image);
    expect(image.run.some((line) => new RegExp(`chown\\b.*${image.user}:\\S*.*\\s${home}(\\s|$)`).test(line))).toBe(
      true,
    );
  });

  it('builds /app the way this test does: deploy --prod, then docker/prune.mjs', () => {
    const text = readFileSync(DOCKERFILE, 'utf8');
    expect(text).toContain('pnpm --filter runbyte deploy --prod --legacy /out');
    expect(text).toContain('node docker/prune.mjs /out');
    expect(text).toContain('COPY --from=build /out /app');
  });
});

describe.skipIf(notRunnable)('the config mounts of the original Runbyte are read, not the demo', () => {
  it.each([
    ['/root/.runbyte/config.json', 'fromroot'],
    ['/app/runbyte.json', 'fromapp'],
    ['/root/.config/runbyte/config.json', 'fromxdg'],
  ])('a config mounted at %s', async (path, server) => {
    const box = container(server);
    box.mount(path, mountedConfig(server));
    const seen = await serversSeen(box);
    expect(seen.listing).toContain(server);
    expect(seen.listing).not.toMatch(/\bdemo\b/);
    expect(seen.stderr).not.toContain('demo');
  });

  it('with nothing mounted it is the demo (so the cases above can fail), and the pruned /app runs code', async () => {
    expect(pruneReport).toMatch(/^pruned .* MB -> .* MB/);
    const code = readFileSync(join(REPO_DIR, 'examples/hello.ts'), 'utf8');
    const seen = await serversSeen(container('nothing'), code);
    expect(seen.listing).toMatch(/\bdemo\b/);
    expect(textOf(seen.run)).toContain('"sum":42');
  });

  it('the pruned /app type-checks with the vendored TypeScript and its lib files', async () => {
    const seen = await serversSeen(container('typed'), 'export async function exec() {\n  return Math.flor(1.5);\n}\n');
    expect(textOf(seen.run)).toContain("Did you mean 'floor'?");
  });
});
