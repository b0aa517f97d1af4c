import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** JSON with object keys sorted, so the same definition always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hashes = new WeakMap<Tool, string>();

/**
 * A hash of what defines a tool for its callers (name, description, inputSchema, annotations): a
 * learned result shape belongs to one version of a tool and is forgotten when any of these change.
 */
export function definitionHash(tool: Tool): string {
  let hash = hashes.get(tool);
  if (hash === undefined) {
    const { name, description, inputSchema, annotations } = tool;
    hash = createHash('sha256')
      .update(canonical({ name, description, inputSchema, annotations }))
      .digest('hex')
      .slice(0, 32);
    hashes.set(tool, hash);
  }
  return hash;
}
