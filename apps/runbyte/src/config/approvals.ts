import { didYouMean, isObject } from '@runbyte/utils';
import type { ApprovalRule } from '@runbyte/server';

type Fail = (path: string, message: string) => never;

export const APPROVAL_POLICIES = ['never', 'destructive', 'always'] as const;
type Policy = (typeof APPROVAL_POLICIES)[number];

/**
 * A server entry's `approve`: one policy (`"always"`) or tool names / globs → policy
 * (`{"delete_*": "always", "*": "never"}`), or undefined when the entry has none.
 */
export function approvalRuleOf(entry: Record<string, unknown>, path: string, fail: Fail): ApprovalRule | undefined {
  const { approve } = entry;
  if (approve === undefined) return undefined;
  if (typeof approve === 'string') return policy(approve, `${path}.approve`, fail);
  if (!isObject(approve) || Object.keys(approve).length === 0)
    fail(
      `${path}.approve`,
      `must be one of ${list()} or an object of tool names or globs to one of them, e.g. {"delete_*": "always", "*": "never"}`,
    );
  const rule: Record<string, Policy> = {};
  for (const [tool, value] of Object.entries(approve)) {
    if (tool === '') fail(`${path}.approve`, 'has an empty tool name; use a tool name or a glob such as "delete_*"');
    rule[tool] = policy(value, `${path}.approve[${JSON.stringify(tool)}]`, fail);
  }
  return rule;
}

/** `allow` or `deny`. */
export function approvalFallbackOf(value: unknown, path: string, fail: Fail): 'allow' | 'deny' {
  if (value === 'allow' || value === 'deny') return value;
  const hint = typeof value === 'string' ? didYouMean(value, ['allow', 'deny'], 2) : undefined;
  return fail(
    path,
    `must be "allow" (run calls that need consent when the client cannot ask) or "deny", got ${JSON.stringify(value)}${hint ? ` (${hint.charAt(0).toLowerCase()}${hint.slice(1)})` : ''}`,
  );
}

function policy(value: unknown, path: string, fail: Fail): Policy {
  if ((APPROVAL_POLICIES as readonly unknown[]).includes(value)) return value as Policy;
  const hint = typeof value === 'string' ? didYouMean(value, APPROVAL_POLICIES, 3) : undefined;
  return fail(
    path,
    `must be one of ${list()}, got ${JSON.stringify(value)}${hint ? ` (${hint.charAt(0).toLowerCase()}${hint.slice(1)})` : ''}`,
  );
}

function list(): string {
  return APPROVAL_POLICIES.map((p) => `"${p}"`).join(', ');
}
