import { didYouMean } from '@runbyte/utils';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * Which tools of one server are visible: `allow` (globs; when given, only matching tools) minus `deny`
 * (globs). `*` matches any run of characters, `?` one character; everything else is literal.
 */
export interface ToolFilter {
  allow?: string[];
  deny?: string[];
}

/** A compiled ToolFilter: `visible(name)` says whether a tool is shown and callable. */
export interface CompiledToolFilter {
  visible(tool: string): boolean;
  /** The rule that hides `tool`, in words for an error message, or undefined when it is visible. */
  why(tool: string): string | undefined;
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function compileToolFilter(filter: ToolFilter | undefined): CompiledToolFilter {
  const allow = filter?.allow?.map((g) => [g, globToRegExp(g)] as const);
  const deny = filter?.deny?.map((g) => [g, globToRegExp(g)] as const) ?? [];
  const why = (tool: string): string | undefined => {
    const denied = deny.find(([, re]) => re.test(tool));
    if (denied) return `it matches "deny" pattern ${JSON.stringify(denied[0])}`;
    if (allow && !allow.some(([, re]) => re.test(tool)))
      return `it matches no "allow" pattern (${allow.map(([g]) => JSON.stringify(g)).join(', ')})`;
    return undefined;
  };
  return { visible: (tool) => why(tool) === undefined, why };
}

export function filterTools(tools: Tool[], filter: CompiledToolFilter): Tool[] {
  return tools.filter((t) => filter.visible(t.name));
}

/** Patterns of `filter` that match none of `tools`: likely typos, each with a "did you mean" hint. */
export function unmatchedPatterns(filter: ToolFilter | undefined, tools: Tool[]): string[] {
  const names = tools.map((t) => t.name);
  const out: string[] = [];
  for (const key of ['allow', 'deny'] as const) {
    for (const glob of filter?.[key] ?? []) {
      const re = globToRegExp(glob);
      if (names.some((n) => re.test(n))) continue;
      const hint = didYouMean(glob, names);
      out.push(`"${key}" pattern ${JSON.stringify(glob)} matches no tool.${hint ? ` ${hint}` : ''}`);
    }
  }
  return out;
}
