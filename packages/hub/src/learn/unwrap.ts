// What the agent's code gets from a call, by the same rule as codegen's runtime module
// (/servers/_runtime.ts, `unwrapResult`): the learned shape is the shape of that value.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from '@runbyte/utils';

/** The unwrapped value of a successful result; undefined for an `isError` result (nothing to learn). */
export function unwrappedValue(result: CallToolResult | Record<string, unknown>): { value: unknown } | undefined {
  const raw = result as Record<string, unknown>;
  if (!isObject(raw) || raw['isError'] === true) return undefined;
  if (raw['structuredContent'] !== undefined && raw['structuredContent'] !== null)
    return { value: raw['structuredContent'] };
  // Results in the 2024-10-07 protocol shape carry `toolResult` instead of content.
  if (!Array.isArray(raw['content']) && 'toolResult' in raw) return { value: raw['toolResult'] };
  const content = Array.isArray(raw['content']) ? raw['content'].filter(isObject) : [];
  const only = content.length === 1 ? content[0] : undefined;
  if (only !== undefined && only['type'] === 'text' && typeof only['text'] === 'string') {
    try {
      return { value: JSON.parse(only['text']) as unknown };
    } catch {
      return { value: only['text'] };
    }
  }
  return { value: content };
}
