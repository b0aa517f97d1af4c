import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { PaginatedResultSchema, ToolSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * Every page of tools/list; a server without the tools capability has none.
 *
 * Sent as a plain request rather than `client.listTools()`: that helper compiles an output-schema
 * validator for every tool (one odd `outputSchema` fails the whole listing, and 1,000 compilations cost
 * start-up time) and keeps only the last page's validators. Tools are checked one by one instead, so a
 * malformed tool is skipped (and reported) without hiding its siblings.
 */
/**
 * Bounds on one listing. A server that answers every page with a new cursor, or lists millions of tools,
 * would otherwise grow our memory without end (and every generated file with it).
 */
export const LISTING_LIMITS = { maxPages: 1_000, maxTools: 10_000 };

export async function listAllTools(
  client: Client,
  timeoutMs: number,
  onInvalid: (tool: string, problem: string) => void,
  onLimit: (problem: string) => void = () => {},
  limits: { maxPages: number; maxTools: number } = LISTING_LIMITS,
): Promise<Tool[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: Tool[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    if (pages >= limits.maxPages) {
      onLimit(
        `its tools/list has more than ${limits.maxPages} pages; only the tools of the first ${limits.maxPages} are used`,
      );
      break;
    }
    pages++;
    const page = await client.request(
      { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
      PaginatedResultSchema,
      { timeout: timeoutMs },
    );
    const items = (page as { tools?: unknown }).tools;
    if (!Array.isArray(items)) throw new Error('the tools/list result has no "tools" array');
    for (const item of items) {
      if (tools.length >= limits.maxTools) {
        onLimit(`it lists more than ${limits.maxTools} tools; only the first ${limits.maxTools} are used`);
        return tools;
      }
      const parsed = ToolSchema.safeParse(item);
      if (parsed.success) tools.push(parsed.data);
      else
        onInvalid(
          nameOf(item),
          parsed.error.issues.map((i) => `${i.path.join('.') || '(tool)'}: ${i.message}`).join('; '),
        );
    }
    cursor = page.nextCursor;
    // A server that hands out the same cursor twice would otherwise keep us listing forever.
    if (cursor !== undefined) {
      if (seen.has(cursor)) break;
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return tools;
}

function nameOf(item: unknown): string {
  const name = (item as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : (JSON.stringify(item)?.slice(0, 60) ?? String(item));
}
