import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runbyte } from '../src/index.js';
import { createRunbyte } from '../src/index.js';
import { connectInMemory, tempDir, textOf, type TempDir } from './helpers.js';

let dir: TempDir;
let runbyte: Runbyte;
let client: Client;

beforeAll(async () => {
  dir = tempDir('workspace-files');
  runbyte = await createRunbyte({ mcpServers: {}, server: { timeout: 20_000, workspaceDir: join(dir.path, 'ws') } });
  client = await connectInMemory(runbyte);
});

afterAll(async () => {
  await client?.close();
  await runbyte?.close();
  dir?.remove();
});

async function execute(code: string): Promise<CallToolResult & { structuredContent: Record<string, any> }> {
  return (await client.callTool({ name: 'execute_code', arguments: { code } })) as CallToolResult & {
    structuredContent: Record<string, any>;
  };
}

describe('binary files in the workspace', () => {
  it('round-trips every byte value through writeBytes and readBytes in the sandbox, byte-exact on disk', async () => {
    const written = await execute(`
      import { writeBytes, readBytes } from '@runbyte/fs';
      export async function exec() {
        const data = new Uint8Array(300_001);
        let x = 7;
        for (let i = 0; i < data.length; i++) { x = (x * 1103515245 + 12345) >>> 0; data[i] = i < 256 ? i : x >>> 24; }
        await writeBytes('bin/blob.bin', data);
        const back = await readBytes('/workspace/bin/blob.bin');
        let same = back.length === data.length;
        for (let i = 0; same && i < data.length; i++) same = back[i] === data[i];
        let sum = 0;
        for (let i = 0; i < back.length; i++) sum = (sum * 31 + back[i]) >>> 0;
        return { same, length: back.length, isBytes: back instanceof Uint8Array, sum };
      }`);
    expect(written.isError, textOf(written)).toBeFalsy();
    expect(written.structuredContent.result).toMatchObject({ same: true, length: 300_001, isBytes: true });
    const onDisk = readFileSync(join(dir.path, 'ws', 'bin', 'blob.bin'));
    expect(onDisk.length).toBe(300_001);
    expect([...onDisk.subarray(0, 256)]).toEqual([...Array(256).keys()]);
    let sum = 0;
    for (const byte of onDisk) sum = (sum * 31 + byte) >>> 0;
    expect(written.structuredContent.result.sum).toBe(sum);
  });

  it('refuses writeBytes of something that is not a Uint8Array', async () => {
    const result = await execute(`
      import { writeBytes } from '@runbyte/fs';
      export async function exec() { await writeBytes('x.bin', [1, 2, 3] as any); }`);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/needs data to be a Uint8Array/);
  });

  it('read_file of a binary file names its type and size instead of dumping bytes', async () => {
    const png = await execute(`
      import { writeBytes } from '@runbyte/fs';
      export async function exec() {
        const bytes = new Uint8Array(2048);
        bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        await writeBytes('images/logo.png', bytes);
      }`);
    expect(png.isError, textOf(png)).toBeFalsy();
    const read = (await client.callTool({
      name: 'read_file',
      arguments: { path: '/workspace/images/logo.png' },
    })) as CallToolResult;
    expect(read.isError).toBeFalsy();
    expect(textOf(read)).toMatch(/binary file \(PNG image, 2(\.0)? KiB, 2048 bytes\)/);
    expect(textOf(read)).toContain('readBytes("/workspace/images/logo.png")');
    expect(textOf(read).length).toBeLessThan(300);
  });
});

describe('results too large for the context', () => {
  it('saves a 5 MB result whole, links it, and read_file pages through it', async () => {
    const result = await execute(`
      export async function exec() {
        return Array.from({ length: 50_000 }, (_, i) => ({ id: i, text: 'row ' + i + ' ' + 'y'.repeat(70) }));
      }`);
    expect(result.isError, textOf(result)).toBeFalsy();
    const link = result.content.find((part) => part.type === 'resource_link');
    expect(link).toMatchObject({ type: 'resource_link', mimeType: 'application/json' });
    const uri = (link as { uri: string }).uri;
    const match = /^runbyte:\/\/workspace\/(results\/[\w-]+\.json)$/.exec(uri);
    expect(match).not.toBeNull();
    const path = `/workspace/${match![1]}`;
    expect(textOf(result)).toContain(`saved as ${path}`);
    expect(JSON.stringify(result.structuredContent.result).length).toBeLessThan(100_000);

    const saved = JSON.parse(readFileSync(join(dir.path, 'ws', match![1]!), 'utf8')) as Array<{ id: number }>;
    expect(saved).toHaveLength(50_000);
    expect(saved[49_999]!.id).toBe(49_999);
    expect(readFileSync(join(dir.path, 'ws', match![1]!)).length).toBeGreaterThan(5_000_000);

    const first = (await client.callTool({ name: 'read_file', arguments: { path, limit: 5 } })) as CallToolResult;
    expect(first.isError).toBeFalsy();
    // The page, a blank line, then where it is in the file and how to get the next one.
    const [firstPage, firstFooter] = textOf(first).split('\n\n');
    expect(firstPage!.split('\n')).toEqual(['[', '  {', '    "id": 0,', expect.stringContaining('"row 0 y'), '  },']);
    const total = Number(/^Lines 1-5 of (\d+)\./.exec(firstFooter!)?.[1]);
    expect(total).toBeGreaterThan(100_000);
    expect(firstFooter).toContain(`offset 6, limit 5`);
    const last = (await client.callTool({
      name: 'read_file',
      arguments: { path, offset: total - 3 },
    })) as CallToolResult;
    const [lastPage] = textOf(last).split('\n\n');
    expect(lastPage).toContain('"id": 49999');
    expect(lastPage!.endsWith(']')).toBe(true);
    expect(textOf(last)).toContain('the end of the file');
  }, 60_000);
});

describe('the workspace as MCP resources', () => {
  it('lists workspace files and reads one by its runbyte://workspace URI', async () => {
    const saved = await execute(`
      import { writeFile } from '@runbyte/fs';
      export async function exec() { await writeFile('notes/plan.md', 'step one'); }`);
    expect(saved.isError, textOf(saved)).toBeFalsy();
    const { resources } = await client.listResources();
    const plan = resources.find((r) => r.uri === 'runbyte://workspace/notes/plan.md');
    expect(plan).toMatchObject({ name: 'notes/plan.md', size: 8 });
    expect(resources.some((r) => r.uri.startsWith('runbyte://workspace/results/'))).toBe(true);
    const read = await client.readResource({ uri: 'runbyte://workspace/notes/plan.md' });
    expect(read.contents).toEqual([
      { uri: 'runbyte://workspace/notes/plan.md', mimeType: 'text/plain', text: 'step one' },
    ]);
  });
});
