import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** An isError result without structuredContent: the SDK client skips output validation for those. */
export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
