import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ElicitResultSchema,
  type CallToolResult,
  type ClientCapabilities,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';
import type { ClientView } from '../internals.js';
import type { ExecuteOutcome, ExecuteProgress, ExecutionClient, LogEntry } from '../execute.js';
import { describeFailure, messageOf } from '../errors.js';
import { errorResult } from './result.js';

const toolCall = z.object({
  server: z.string(),
  tool: z.string(),
  durationMs: z.number(),
  ok: z.boolean(),
  approved: z.boolean().optional(),
});
const logEntry = z.object({ level: z.string(), message: z.string() });

// Failures also carry structuredContent (with `error` set) so programmatic clients get the phase and
// location as data; the schema admits them, so the SDK client's output validation passes for both.
const outputSchema = {
  result: z.unknown().describe("exec()'s return value; null when the execution failed"),
  logs: z.array(logEntry),
  durationMs: z.number(),
  toolCalls: z.array(toolCall),
  note: z.string().optional(),
  error: z
    .object({
      phase: z.enum(['bundling', 'typecheck', 'runtime', 'timeout', 'limit', 'aborted']),
      message: z.string(),
      file: z.string().optional(),
      line: z.number().optional(),
      column: z.number().optional(),
      frame: z.string().optional(),
    })
    .optional(),
};

export function registerExecuteCode(server: McpServer, runbyte: ClientView): void {
  server.registerTool(
    'execute_code',
    {
      title: 'Execute code',
      description: 'Run a TypeScript module exporting async function exec().',
      inputSchema: { code: z.string() },
      outputSchema,
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
    async ({ code }, extra) => {
      const progressToken = extra._meta?.progressToken;
      let reported = 0;
      const notify = (notification: ServerNotification) =>
        extra
          .sendNotification(notification)
          .catch((error: unknown) =>
            runbyte.logger.debug('notification to the client failed', { error: messageOf(error) }),
          );
      const onProgress =
        progressToken === undefined
          ? undefined
          : ({ elapsedMs, toolCalls }: ExecuteProgress) => {
              // progress must increase with every notification; elapsed seconds always do.
              const progress = Math.max(reported + 1, Math.round(elapsedMs / 1000));
              reported = progress;
              extra
                .sendNotification({
                  method: 'notifications/progress',
                  params: {
                    progressToken,
                    progress,
                    message: `running for ${(elapsedMs / 1000).toFixed(0)} s, ${toolCalls} tool call${toolCalls === 1 ? '' : 's'} so far`,
                  },
                })
                .catch((error: unknown) =>
                  runbyte.logger.debug('progress notification failed', { error: messageOf(error) }),
                );
            };
      const capabilities = server.server.getClientCapabilities();
      const client: ExecutionClient = {
        onToolLog: (name, message) =>
          void notify({
            method: 'notifications/message',
            params: { ...message, logger: message.logger ? `${name}/${message.logger}` : name },
          }),
      };
      if (canElicitForm(capabilities?.elicitation)) {
        client.elicit = (params, { signal, timeoutMs }) =>
          extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema, {
            signal,
            timeout: timeoutMs,
          });
      }
      if (progressToken !== undefined) {
        client.onToolProgress = (name, tool, progress) => {
          reported += 1;
          const detail =
            progress.message ?? `${progress.progress}${progress.total !== undefined ? `/${progress.total}` : ''}`;
          void notify({
            method: 'notifications/progress',
            params: { progressToken, progress: reported, message: `${name}.${tool}: ${detail}` },
          });
        };
      }
      let outcome: ExecuteOutcome;
      try {
        outcome = await runbyte.executeCode(code, {
          signal: extra.signal,
          client,
          ...(onProgress ? { onProgress } : {}),
        });
      } catch (error) {
        return errorResult(`Execution could not start: ${messageOf(error)}`);
      }
      return toResult(outcome);
    },
  );
}

/** An empty `elicitation` capability means form mode (the spec's rule for clients from before modes). */
function canElicitForm(elicitation: ClientCapabilities['elicitation']): boolean {
  if (!elicitation) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

function toResult(outcome: ExecuteOutcome): CallToolResult {
  const base = { logs: outcome.logs, durationMs: outcome.durationMs, toolCalls: outcome.toolCalls };
  if (outcome.ok) {
    let text = outcome.result === null ? 'null' : JSON.stringify(outcome.result);
    if (outcome.note) text += `\n\nNote: ${outcome.note}`;
    text += formatLogs(outcome.logs);
    const structured: Record<string, unknown> = { result: outcome.result, ...base };
    if (outcome.note) structured.note = outcome.note;
    const content: CallToolResult['content'] = [{ type: 'text', text }];
    if (outcome.saved) {
      content.push({
        type: 'resource_link',
        uri: outcome.saved.uri,
        name: outcome.saved.path.slice(outcome.saved.path.lastIndexOf('/') + 1),
        title: `Complete result (${outcome.saved.bytes} bytes)`,
        mimeType: 'application/json',
      });
    }
    return { content, structuredContent: structured };
  }
  const error: Record<string, unknown> = { phase: outcome.phase, message: outcome.message };
  if (outcome.location) Object.assign(error, outcome.location);
  if (outcome.frame) error.frame = outcome.frame;
  return {
    content: [{ type: 'text', text: describeFailure(outcome) + formatLogs(outcome.logs) }],
    structuredContent: { result: null, ...base, error },
    isError: true,
  };
}

function formatLogs(logs: LogEntry[]): string {
  if (logs.length === 0) return '';
  const lines = logs.map((l) => (l.level === 'log' || l.level === 'info' ? l.message : `[${l.level}] ${l.message}`));
  return `\n\nconsole:\n${lines.join('\n')}`;
}
