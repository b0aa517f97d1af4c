import type { ExecuteOutcome } from './execute-types.js';
import type { Logger } from './logger.js';

/** One line per execution: what an operator needs to see that executions run and how they end. */
export function logExecution(logger: Logger, outcome: ExecuteOutcome): void {
  const failedCalls = outcome.toolCalls.filter((call) => !call.ok).length;
  logger.info(outcome.ok ? 'execution finished' : `execution failed (${outcome.phase})`, {
    durationMs: outcome.durationMs,
    outcome: outcome.ok ? 'ok' : outcome.phase,
    toolCalls: outcome.toolCalls.length,
    failedCalls,
    ...(outcome.ok ? {} : { error: outcome.message.slice(0, 300) }),
  });
}
