// Records the `tools/list` answers of the official MCP servers into ../catalogue/<name>.json, the
// fixtures every test and the bench read. Each server is started with node from node_modules (they are
// devDependencies of this package, pinned); those that need credentials get placeholders, since
// listing tools never uses them. Run with `pnpm catalogue:record` after changing a server's version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'catalogue');
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'runbyte-catalogue-'));

/** name → package, extra arguments, placeholder environment. */
const SERVERS = {
  'brave-search': { pkg: '@modelcontextprotocol/server-brave-search', env: { BRAVE_API_KEY: 'placeholder' } },
  everything: { pkg: '@modelcontextprotocol/server-everything', args: ['stdio'] },
  filesystem: { pkg: '@modelcontextprotocol/server-filesystem', args: [scratch] },
  github: { pkg: '@modelcontextprotocol/server-github', env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'placeholder' } },
  gitlab: { pkg: '@modelcontextprotocol/server-gitlab', env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'placeholder' } },
  'google-maps': { pkg: '@modelcontextprotocol/server-google-maps', env: { GOOGLE_MAPS_API_KEY: 'placeholder' } },
  memory: { pkg: '@modelcontextprotocol/server-memory', env: { MEMORY_FILE_PATH: join(scratch, 'memory.json') } },
  postgres: { pkg: '@modelcontextprotocol/server-postgres', args: ['postgresql://localhost:1/placeholder'] },
  puppeteer: { pkg: '@modelcontextprotocol/server-puppeteer' },
  'sequential-thinking': { pkg: '@modelcontextprotocol/server-sequential-thinking' },
  slack: {
    pkg: '@modelcontextprotocol/server-slack',
    env: { SLACK_BOT_TOKEN: 'placeholder', SLACK_TEAM_ID: 'placeholder' },
  },
};

const RAW_PAGE = z.looseObject({ tools: z.array(z.unknown()), nextCursor: z.string().optional() });

function binOf(pkg) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (!bin) throw new Error(`${pkg} declares no bin`);
  return { file: join(dirname(manifestPath), bin), version: manifest.version };
}

async function record(name, { pkg, args = [], env = {} }) {
  const { file, version } = binOf(pkg);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [file, ...args],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'runbyte-catalogue-recorder', version: '1.0.0' });
  await client.connect(transport);
  try {
    const tools = [];
    let cursor;
    do {
      // Raw, not client.listTools(): the SDK's validation refuses some real answers (gitlab's), and
      // those are exactly what the gateway must cope with.
      const page = await client.request({ method: 'tools/list', params: cursor ? { cursor } : {} }, RAW_PAGE);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(tools, null, 2)}\n`);
    console.log(`${name}: ${tools.length} tools (${pkg}@${version})`);
  } finally {
    await client.close();
  }
}

try {
  for (const [name, spec] of Object.entries(SERVERS)) await record(name, spec);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
