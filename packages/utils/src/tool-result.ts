// What agent code gets from a tool call: one rule, used where the host unwraps a result for the guest
// (codegen's unwrapOnHost) and where the hub learns the shape of that value.

/**
 * The value of a successful `CallToolResult`: `structuredContent` when present; else one text part,
 * parsed as JSON when it is JSON, else that text; else the content parts (the 2024-10-07 shape's
 * `toolResult` when there is no content). Undefined for an `isError` result or a non-object.
 */
export function toolResultValue(raw: unknown): { value: unknown } | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const result = raw as Record<string, unknown>;
  if (result['isError'] === true) return undefined;
  if (result['structuredContent'] !== undefined && result['structuredContent'] !== null) {
    return { value: result['structuredContent'] };
  }
  const content = result['content'];
  if (!Array.isArray(content)) return { value: 'toolResult' in result ? result['toolResult'] : [] };
  const parts = content.filter((part) => typeof part === 'object' && part !== null && !Array.isArray(part));
  const only = parts.length === 1 ? (parts[0] as Record<string, unknown>) : undefined;
  if (only?.['type'] === 'text' && typeof only['text'] === 'string') return { value: parseOrText(only['text']) };
  return { value: parts };
}

/** JSON.parse of text that may be JSON; text that cannot start a JSON value is returned without a throw. */
function parseOrText(text: string): unknown {
  if (!/^\s*[[{"\d\-tfn]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
