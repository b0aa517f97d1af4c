import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { messageOf } from './reasons.js';
import type { CallToolOptions, Logger } from './types.js';

/** A call in flight on one connection: its caller's handlers and a way to stop its timeout. */
export interface InFlightCall {
  options: CallToolOptions;
  /** Stops the call's timeout until the returned function is called. */
  pause(): () => void;
}

/**
 * Routes what a server sends during calls (log messages, elicitation requests) to the caller of the calls
 * in flight. MCP ties neither to a request, so they go to a caller only when every call in flight on the
 * server shares that caller's handler: another session's call never sees them.
 */
export function installPassThrough(
  client: Client,
  server: string,
  inFlight: ReadonlySet<InFlightCall>,
  logger: Logger,
): void {
  const soleCaller = <K extends 'onLog' | 'onElicit'>(key: K): InFlightCall | undefined => {
    const handlers = new Set([...inFlight].map((call) => call.options[key]));
    const [only] = handlers;
    return handlers.size === 1 && only !== undefined ? [...inFlight][0] : undefined;
  };
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    const call = soleCaller('onLog');
    if (call?.options.onLog) {
      try {
        call.options.onLog(notification.params);
      } catch (error) {
        logger.debug(`Server "${server}": a log listener failed: ${messageOf(error)}`, { server });
      }
      return;
    }
    logger.debug(
      `Server "${server}" logged (${notification.params.level}): ${JSON.stringify(notification.params.data)}`,
      {
        server,
      },
    );
  });
  client.setRequestHandler(ElicitRequestSchema, async (request, extra): Promise<ElicitResult> => {
    const call = soleCaller('onElicit');
    if (!call?.options.onElicit) {
      logger.info(`Server "${server}" asked for input with no caller to answer; declined`, { server });
      return { action: 'decline' };
    }
    const resume = call.pause();
    try {
      return await call.options.onElicit(request.params, extra.signal);
    } finally {
      resume();
    }
  });
}

/** A call's timeout that can stop while the call waits for a person; pauses nest. */
export class CallTimer {
  private timer: NodeJS.Timeout | undefined;
  private due: number;
  private pauses = 0;
  private pausedAt = 0;

  constructor(
    timeoutMs: number,
    private readonly onTimeout: () => void,
  ) {
    this.due = performance.now() + timeoutMs;
    this.arm();
  }

  pause(): () => void {
    if (this.pauses++ === 0) {
      this.pausedAt = performance.now();
      clearTimeout(this.timer);
    }
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      if (--this.pauses === 0 && this.timer !== undefined) {
        this.due += performance.now() - this.pausedAt;
        this.arm();
      }
    };
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = setTimeout(() => this.onTimeout(), Math.max(0, this.due - performance.now()));
    this.timer.unref();
  }
}
