// The one hand-written module of the generated tree, `/servers/_runtime.ts`. Every tool file imports
// `callTool` from it; it is the only place that knows about the host bridge and the unwrapping rule.
import { toolResultValue } from '@runbyte/utils';

/** File name of the runtime module inside `/servers`. */
export const RUNTIME_FILE = '_runtime.ts';
/** Folder of the generated modules in the VFS: the sandbox points errors at the first frame outside it. */
export const LIBRARY_DIR = '/servers/';

/** Name of the host function the sandbox provides (see docs/architecture.md). */
export const HOST_CALL_FUNCTION = '__runbyte_callTool';

/** Key of a host reply that is already unwrapped: `{ "runbyte.dev/unwrapped": value }`. */
export const UNWRAPPED_KEY = 'runbyte.dev/unwrapped';

const SOURCE = `// Runbyte runtime for the generated MCP tool libraries in /servers. Generated; do not edit.
//
// Every tool function calls \`callTool\`, which asks the Runbyte host to call the MCP tool and unwraps
// the tool's result:
// - \`structuredContent\` when the result has it;
// - otherwise, when the content is a single text part: that text parsed as JSON, or the text itself
//   when it is not valid JSON;
// - otherwise (images, audio, resources, several parts, no parts): the content array as it is.
// A result with \`isError: true\` rejects with a ToolError whose message is the server's text.

declare global {
  /** Provided by the Runbyte host: calls an MCP tool and resolves to its raw CallToolResult. */
  function ${HOST_CALL_FUNCTION}(server: string, tool: string, args: unknown): Promise<unknown>;
}

/** One part of a tool result's content: text, image, audio, resource_link or resource. */
export interface ContentPart {
  type: string;
  [key: string]: unknown;
}

/** Rejection of a tool call whose result says \`isError: true\`. */
export class ToolError extends Error {
  /** Server that ran the tool. */
  readonly server: string;
  /** Original MCP tool name. */
  readonly tool: string;
  /** The error result's content, for details beyond the message. */
  readonly content: ContentPart[];

  constructor(server: string, tool: string, message: string, content: ContentPart[]) {
    super(message);
    this.name = 'ToolError';
    this.server = server;
    this.tool = tool;
    this.content = content;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentOf(result: Record<string, unknown>): ContentPart[] {
  const content = result['content'];
  return Array.isArray(content) ? content.filter((part): part is ContentPart => isRecord(part)) : [];
}

function textOf(content: ContentPart[]): string {
  return content
    .filter((part) => part.type === 'text' && typeof part['text'] === 'string')
    .map((part) => part['text'] as string)
    .join('\\n');
}

/** Applies the unwrapping rule above to a raw CallToolResult. */
export function unwrapResult(server: string, tool: string, raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  // The Runbyte host unwraps successful results itself (faster outside the sandbox) and marks them so.
  if (Object.prototype.hasOwnProperty.call(raw, '${UNWRAPPED_KEY}')) return raw['${UNWRAPPED_KEY}'];
  const content = contentOf(raw);
  if (raw['isError'] === true) {
    const text = textOf(content).trim();
    throw new ToolError(
      server,
      tool,
      text || 'The tool "' + tool + '" on server "' + server + '" failed without an error message.',
      content,
    );
  }
  if (raw['structuredContent'] !== undefined && raw['structuredContent'] !== null) return raw['structuredContent'];
  // Results in the 2024-10-07 protocol shape carry \`toolResult\` instead of content.
  if (!Array.isArray(raw['content']) && 'toolResult' in raw) return raw['toolResult'];
  const only = content.length === 1 ? content[0] : undefined;
  if (only !== undefined && only.type === 'text' && typeof only['text'] === 'string') {
    const text = only['text'];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return content;
}

/** Calls an MCP tool through the Runbyte host and resolves to its unwrapped result. */
export async function callTool<T>(server: string, tool: string, args: unknown): Promise<T> {
  if (typeof ${HOST_CALL_FUNCTION} !== 'function') {
    throw new Error('Tool functions only run inside Runbyte (the host function ${HOST_CALL_FUNCTION} is missing).');
  }
  // Taken before the await: an async stack after it shows only this module, not the caller's line.
  const site = new Error();
  try {
    const raw = await ${HOST_CALL_FUNCTION}(server, tool, args ?? {});
    return unwrapResult(server, tool, raw) as T;
  } catch (error) {
    if (error instanceof Error) error.stack = String(error.stack ?? '') + String(site.stack ?? '');
    throw error;
  }
}
`;

/**
 * The host side of the unwrapping rule, so the guest neither walks the content nor parses JSON text in
 * the (much slower) sandbox: a successful result becomes `{ [UNWRAPPED_KEY]: value }`, which the runtime
 * returns as it is; an `isError` result (or anything that is not a result object) is returned unchanged,
 * for the guest to turn into a ToolError. Same rule as `unwrapResult` in the runtime module.
 */
export function unwrapOnHost(raw: unknown): unknown {
  const unwrapped = toolResultValue(raw);
  return unwrapped === undefined ? raw : { [UNWRAPPED_KEY]: unwrapped.value };
}

/** Source of `/servers/_runtime.ts`. */
export function runtimeModuleSource(): string {
  return SOURCE;
}
