import { isObject } from '@runbyte/utils';
import type { ToolFilter } from '@runbyte/hub';

type Fail = (path: string, message: string) => never;

/**
 * A server entry's `tools: {allow, deny}` and `disabledTools` (what Cline and Roo write) as one hub
 * ToolFilter, or undefined when the entry filters nothing. Globs are checked against tool names later,
 * by the hub, once the server has listed its tools.
 */
export function toolFilterOf(entry: Record<string, unknown>, path: string, fail: Fail): ToolFilter | undefined {
  const filter: ToolFilter = {};
  const { tools, disabledTools } = entry;
  if (tools !== undefined) {
    if (!isObject(tools)) fail(`${path}.tools`, 'must be an object like {"allow": ["read_*"], "deny": ["delete_*"]}');
    for (const key of Object.keys(tools)) {
      if (key !== 'allow' && key !== 'deny')
        fail(`${path}.tools.${key}`, `unknown key; use "allow" (only these tools) or "deny" (hide these tools)`);
      filter[key] = globs(tools[key], `${path}.tools.${key}`, fail);
    }
  }
  if (disabledTools !== undefined)
    filter.deny = [...(filter.deny ?? []), ...globs(disabledTools, `${path}.disabledTools`, fail)];
  return filter.allow || filter.deny ? filter : undefined;
}

function globs(value: unknown, path: string, fail: Fail): string[] {
  if (!Array.isArray(value)) fail(path, 'must be an array of tool names or globs, e.g. ["delete_*", "send_email"]');
  return value.map((item, i) => {
    if (typeof item !== 'string' || item === '')
      fail(`${path}[${i}]`, 'must be a non-empty tool name or glob ("*" any characters, "?" one)');
    return item;
  });
}
