// The fixture downstream server of the approval and pass-through tests, and how to read what it recorded.
import { existsSync, readFileSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PASS_THROUGH_SERVER, type StdioSession } from './cli.js';

interface Recorded {
  tool: string;
  [key: string]: unknown;
}

export function fixtureServer(recordFile: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { command: process.execPath, args: [PASS_THROUGH_SERVER], env: { RECORD_FILE: recordFile }, ...extra };
}

export function recorded(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

export async function execute(session: StdioSession, code: string) {
  const result = (await session.client.callTool({ name: 'execute_code', arguments: { code } })) as CallToolResult;
  const structured = result.structuredContent as {
    result: unknown;
    toolCalls: { server: string; tool: string; ok: boolean; approved?: boolean }[];
    error?: { phase: string; message: string };
  };
  return { result, structured };
}
