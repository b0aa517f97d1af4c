import { globToRegExp, type Hub, type Tool } from '@runbyte/hub';
import type { HostCallContext } from '@runbyte/sandbox';
import { capText, isObject, messageOf } from '@runbyte/utils';
import { RunbyteError } from './errors.js';
import type { ElicitRequestFormParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from './logger.js';

/** `never`: no consent asked; `destructive`: for tools the server annotates `destructiveHint: true`; `always`. */
export type ApprovalPolicy = 'never' | 'destructive' | 'always';
/** A server's `approve`: one policy for all its tools, or tool names / globs → policy (`"*"`: the rest). */
export type ApprovalRule = ApprovalPolicy | Record<string, ApprovalPolicy>;
/** What a client that cannot elicit gets for a call that needs consent. */
export type ApprovalFallback = 'allow' | 'deny';

export interface ApprovalSettings {
  /** Per server name; servers without one get `destructive`. */
  rules?: Record<string, ApprovalRule>;
  /** Globs on `server.tool` (or on the tool name alone, without a dot) that always need consent. */
  approveTools?: string[];
  fallback?: ApprovalFallback;
  /** How long a person has to answer (default 5 minutes); the execution's timeout is stopped meanwhile. */
  timeoutMs?: number;
}

/** The client that started an execution, as far as asking it for consent goes. */
export interface ApprovalClient {
  elicit(params: ElicitRequestFormParams, options: { signal: AbortSignal; timeoutMs: number }): Promise<ElicitResult>;
}

export type Decision = { approved: true } | { approved: false; why: string };

/** One execution's gate: undefined when a call needs no consent, else the (awaited) decision. */
export interface ExecutionApprovals {
  decide(server: string, tool: string, args: unknown, ctx: HostCallContext): Promise<Decision> | undefined;
}

export interface Approvals {
  /** Why `server.tool` needs consent, or undefined. */
  needs(server: string, tool: string): string | undefined;
  forExecution(client: ApprovalClient | undefined): ExecutionApprovals;
  dispose(): void;
}

export const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;
const DECISIONS = { approve: 'approve', deny: 'deny', rest: 'approve_rest' } as const;

export function createApprovals(hub: Hub, settings: ApprovalSettings, logger: Logger): Approvals {
  checkSettings(settings);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  const fallback = settings.fallback ?? 'deny';
  const global = (settings.approveTools ?? []).map((glob) => ({
    glob,
    re: globToRegExp(glob),
    qualified: glob.includes('.'),
  }));
  const rules = new Map(Object.entries(settings.rules ?? {}).map(([server, rule]) => [server, compileRule(rule)]));
  // Kept from the hub's events so a call's check is a set lookup, not a scan of the tool list.
  const destructive = new Map<string, Set<string>>();
  const track = (server: string, tools: Tool[]) =>
    destructive.set(server, new Set(tools.filter(isDestructive).map((t) => t.name)));
  for (const state of hub.servers()) track(state.name, state.tools);
  const off = hub.on('toolsChanged', track);

  const needs = (server: string, tool: string): string | undefined => {
    const qualified = `${server}.${tool}`;
    const listed = global.find((g) => g.re.test(g.qualified ? qualified : tool));
    if (listed) return `it matches approveTools pattern ${JSON.stringify(listed.glob)}`;
    const policy = rules.get(server)?.(tool) ?? 'destructive';
    if (policy === 'always') return `server "${server}" has "approve": "always" for it`;
    if (policy === 'destructive' && destructive.get(server)?.has(tool)) return 'the server marks it destructive';
    return undefined;
  };

  return {
    needs,
    dispose: off,
    forExecution(client) {
      let approvedRest = false;
      // One question at a time: calls made in parallel wait their turn, and "approve the rest" answers them.
      let queue: Promise<unknown> = Promise.resolve();
      const ask = async (
        server: string,
        tool: string,
        args: unknown,
        reason: string,
        ctx: HostCallContext,
      ): Promise<Decision> => {
        if (approvedRest) return { approved: true };
        if (!client) {
          if (fallback === 'allow') return { approved: true };
          return {
            approved: false,
            why: `${reason}, and the client cannot ask a person (it does not support elicitation); set "approvalFallback": "allow" to run such calls unasked`,
          };
        }
        const resume = ctx.pauseTimeout();
        try {
          const answer = await client.elicit(approvalRequest(server, tool, args, reason), {
            signal: ctx.signal,
            timeoutMs,
          });
          if (answer.action === 'decline') return { approved: false, why: 'the person declined' };
          if (answer.action === 'cancel') return { approved: false, why: 'the person cancelled the request' };
          const decision = answer.content?.decision;
          if (decision === DECISIONS.rest) approvedRest = true;
          if (decision === DECISIONS.approve || decision === DECISIONS.rest) return { approved: true };
          return { approved: false, why: 'the person denied it' };
        } catch (error) {
          if (ctx.signal.aborted) return { approved: false, why: 'the execution ended while waiting for an answer' };
          if (/timed? ?out/i.test(messageOf(error)))
            return { approved: false, why: `no answer within ${Math.round(timeoutMs / 1000)} s` };
          return { approved: false, why: `asking for approval failed: ${messageOf(error)}` };
        } finally {
          resume();
        }
      };
      return {
        decide(server, tool, args, ctx) {
          const reason = needs(server, tool);
          if (reason === undefined) return undefined;
          const decision = queue.then(() => ask(server, tool, args, reason, ctx));
          queue = decision.catch(() => undefined);
          return decision.then((result) => {
            const how = result.approved
              ? client
                ? 'approved'
                : 'allowed by approvalFallback'
              : `not approved: ${result.why}`;
            logger.info(`tool call ${server}.${tool} ${how}`, { server, tool, approved: result.approved, reason });
            return result;
          });
        },
      };
    },
  };
}

const POLICIES: readonly unknown[] = ['never', 'destructive', 'always'];

/** The CLI checks its config with paths and hints; this guards createRunbyte's other callers. */
function checkSettings(settings: ApprovalSettings): void {
  const fail = (message: string): never => {
    throw new RunbyteError('INVALID_OPTIONS', message, { option: 'approvals' });
  };
  for (const [server, rule] of Object.entries(settings.rules ?? {})) {
    const policies = typeof rule === 'string' ? [rule] : isObject(rule) ? Object.values(rule) : [rule];
    for (const policy of policies)
      if (!POLICIES.includes(policy))
        fail(
          `approvals of server "${server}": ${JSON.stringify(policy)} is no policy; use "never", "destructive" or "always".`,
        );
  }
  if (settings.fallback !== undefined && settings.fallback !== 'allow' && settings.fallback !== 'deny')
    fail(`server.approvalFallback must be "allow" or "deny", got ${JSON.stringify(settings.fallback)}.`);
  if (
    settings.approveTools !== undefined &&
    (!Array.isArray(settings.approveTools) || settings.approveTools.some((g) => typeof g !== 'string' || g === ''))
  )
    fail('server.approveTools must be an array of non-empty globs such as "*.delete_*".');
}

function isDestructive(tool: Tool): boolean {
  return tool.annotations?.destructiveHint === true && tool.annotations.readOnlyHint !== true;
}

/** An exact tool name wins, then the longest matching glob, then `"*"`. */
function compileRule(rule: ApprovalRule): (tool: string) => ApprovalPolicy | undefined {
  if (typeof rule === 'string') return () => rule;
  const entries = Object.entries(rule)
    .map(([glob, policy]) => ({ glob, policy, re: globToRegExp(glob) }))
    .sort((a, b) => b.glob.length - a.glob.length);
  return (tool) => rule[tool] ?? entries.find((e) => e.re.test(tool))?.policy;
}

const ARGUMENTS_CHARS = 600;

function approvalRequest(server: string, tool: string, args: unknown, reason: string): ElicitRequestFormParams {
  let shown: string;
  try {
    shown = JSON.stringify(args ?? {}, null, 1).replace(/\n\s*/g, ' ');
  } catch {
    shown = String(args);
  }
  return {
    message: `Allow the call ${server}.${tool}? (${reason})\nArguments: ${capText(shown, ARGUMENTS_CHARS)}`,
    requestedSchema: {
      type: 'object',
      properties: {
        decision: {
          type: 'string',
          title: `Run ${server}.${tool}?`,
          oneOf: [
            { const: DECISIONS.approve, title: 'Approve this call' },
            { const: DECISIONS.deny, title: 'Deny' },
            { const: DECISIONS.rest, title: 'Approve this and the rest of this execution' },
          ],
        },
      },
      required: ['decision'],
    },
  };
}
