// What downstream servers report or ask during an execution's calls, handed to the client that started it.
import type { HostCallContext } from '@runbyte/sandbox';
import type {
  ElicitRequest,
  ElicitResult,
  LoggingMessageNotification,
  Progress,
} from '@modelcontextprotocol/sdk/types.js';
import type { ExecutionClient } from './execute-types.js';

export const DEFAULT_ELICIT_TIMEOUT_MS = 5 * 60_000;

/**
 * The hub's per-call handlers that hand what a downstream server reports or asks during a call to the
 * client that started the execution. onLog and onElicit are one function per execution: the hub routes
 * a server's message to the calls in flight only when they share it.
 */
export function passThroughFor(client: ExecutionClient | undefined, elicitTimeoutMs: number) {
  if (!client) return undefined;
  // Calls of this execution in flight: a forwarded elicitation pauses the run's clock through one of them.
  const live = new Set<HostCallContext>();
  const onLog = client.onToolLog;
  const elicit = client.elicit;
  const onElicit = async (request: ElicitRequest['params'], signal: AbortSignal): Promise<ElicitResult> => {
    const ctx = live.values().next().value;
    if (!elicit || !ctx) return { action: 'decline' };
    const { _meta: _dropped, ...params } = request as ElicitRequest['params'] & { _meta?: unknown };
    const resume = ctx.pauseTimeout();
    try {
      return await elicit(params as ElicitRequest['params'], {
        signal: AbortSignal.any([signal, ctx.signal]),
        timeoutMs: elicitTimeoutMs,
      });
    } finally {
      resume();
    }
  };
  const logs = new Map<string, (message: LoggingMessageNotification['params']) => void>();
  const logFor = (server: string) => {
    let fn = logs.get(server);
    if (!fn && onLog) logs.set(server, (fn = (message) => onLog(server, message)));
    return fn;
  };
  return {
    live,
    callOptions(server: string, tool: string) {
      const onToolProgress = client.onToolProgress;
      const log = logFor(server);
      return {
        ...(onToolProgress ? { onProgress: (progress: Progress) => onToolProgress(server, tool, progress) } : {}),
        ...(log ? { onLog: log } : {}),
        onElicit,
      };
    },
  };
}
