import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { isNeedsLogin, notOAuthReason, oauthProviderFor } from '../auth/attach.js';
import { installPassThrough, type InFlightCall } from '../pass-through.js';
import { describeConnectError, describeTimeout, isMcpError, messageOf, seconds, type Phase } from '../reasons.js';
import { createStreamableHttpTransport } from '../transports/http.js';
import { httpStatus } from '../transports/http-errors.js';
import { createSseTransport } from '../transports/sse.js';
import { StartWatchingTransport } from '../transports/start-watch.js';
import { StderrTail } from '../transports/stderr-tail.js';
import { createStdioTransport } from '../transports/stdio.js';
import { StdioLineClientTransport } from '../transports/stdio-client.js';
import type { ServerConfig, TransportKind } from '../types.js';
import { connectTimeoutFor } from './connect-timeout.js';
import type { ConnectionOptions } from './options.js';
import type { Session } from './state.js';
import type { ServerTools } from './tools.js';

/** A failed attempt, already described for the user. */
export class AttemptError extends Error {}

/** An attempt the server refused until someone logs in. */
export class NeedsLoginAttempt extends AttemptError {}

/** A Streamable HTTP attempt whose failure says "try the old HTTP+SSE transport". */
class FallbackError extends AttemptError {}

class TimeoutMarker extends Error {}

/** What one attempt needs from its connection. */
export interface OpenContext {
  name: string;
  config: ServerConfig;
  options: ConnectionOptions;
  /** Whether the server was ever ready, and no attempt has failed since it last was. */
  history: { everReady: boolean; failures: number };
  tools: ServerTools;
  inFlight: ReadonlySet<InFlightCall>;
  isClosed(): boolean;
  /** Clients of attempts still running, so close() can end them too. */
  opening: Set<Client>;
  closeClient(client: Client): void;
  onClientClosed(client: Client): void;
  onToolsChanged(client: Client): Promise<void>;
}

export interface Opened {
  session: Session;
  tools: Tool[];
}

/** Connects once (spawn or HTTP, initialize, tools/list); throws an AttemptError that says why not. */
export async function openConnection(ctx: OpenContext): Promise<Opened> {
  const config = ctx.config;
  if ('command' in config) return openWith(ctx, 'stdio', false);
  if (config.type === 'sse') return openWith(ctx, 'sse', false);
  if (config.type === 'http' || config.type === 'streamable-http') return openWith(ctx, 'streamable-http', false);
  try {
    return await openWith(ctx, 'streamable-http', true);
  } catch (error) {
    if (!(error instanceof FallbackError) || ctx.isClosed()) throw error;
    ctx.options.logger.debug(`Server "${ctx.name}": Streamable HTTP failed (${error.message}); trying SSE`, {
      server: ctx.name,
    });
    try {
      return await openWith(ctx, 'sse', false);
    } catch (sseError) {
      throw new AttemptError(`${error.message} (Streamable HTTP); ${messageOf(sseError)} (SSE fallback)`);
    }
  }
}

async function openWith(ctx: OpenContext, kind: TransportKind, mayFallBack: boolean): Promise<Opened> {
  const { name, options } = ctx;
  const timeoutMs = connectTimeoutFor(ctx.config, ctx.history.everReady, options);
  if (timeoutMs > options.connectTimeoutMs && !ctx.history.everReady && ctx.history.failures === 0)
    options.logger.info(
      `Server "${name}" is started by a package runner, which may download it first: waiting up to ${seconds(timeoutMs)}`,
      { server: name },
    );
  const stderr = 'command' in ctx.config ? new StderrTail() : undefined;
  const inner = await createTransport(ctx, kind, stderr);
  if (ctx.isClosed()) throw new AttemptError('the hub was closed');
  const transport = new StartWatchingTransport(inner);
  const client = newClient(ctx);
  ctx.opening.add(client);
  let listing = false;
  let timer: NodeJS.Timeout | undefined;
  const work = (async () => {
    await client.connect(transport, { timeout: timeoutMs });
    listing = true;
    return ctx.tools.list(client, timeoutMs);
  })();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutMarker()), timeoutMs);
    timer.unref();
  });
  try {
    const tools = await Promise.race([work, deadline]);
    const closeReason = () => (inner instanceof StdioLineClientTransport ? inner.closeReason : undefined);
    return { session: { client, kind, stderr, closeReason }, tools };
  } catch (error) {
    work.catch(() => undefined);
    ctx.closeClient(client);
    const phase: Phase = listing ? 'tools/list' : transport.started ? 'initialize' : 'start';
    throw attemptError(ctx, error, { kind, phase, timeoutMs, stderr, mayFallBack });
  } finally {
    clearTimeout(timer);
    ctx.opening.delete(client);
  }
}

function newClient(ctx: OpenContext): Client {
  const { name, options } = ctx;
  const client = new Client(options.clientInfo, { capabilities: { elicitation: {} } });
  installPassThrough(client, name, ctx.inFlight, options.logger);
  client.onclose = () => ctx.onClientClosed(client);
  client.onerror = (error) => options.logger.debug(`Server "${name}": ${messageOf(error)}`, { server: name });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => ctx.onToolsChanged(client));
  return client;
}

function createTransport(
  ctx: OpenContext,
  kind: TransportKind,
  stderr: StderrTail | undefined,
): Transport | Promise<Transport> {
  const { config, name, options } = ctx;
  if ('command' in config) {
    return createStdioTransport(
      config,
      (line) => {
        stderr?.push(line);
        options.logger.info(`[${name}] ${line}`, { server: name, stream: 'stderr' });
      },
      options.maxResultBytes,
    );
  }
  const authProvider = oauthProviderFor(name, config, options.credentials);
  const limits = { maxResultBytes: options.maxResultBytes };
  return kind === 'sse'
    ? createSseTransport(config, authProvider, limits)
    : createStreamableHttpTransport(config, authProvider, limits);
}

function attemptError(
  ctx: OpenContext,
  error: unknown,
  at: { kind: TransportKind; phase: Phase; timeoutMs: number; stderr: StderrTail | undefined; mayFallBack: boolean },
): AttemptError {
  if (isNeedsLogin(error)) return new NeedsLoginAttempt(messageOf(error));
  const notOAuth = notOAuthReason(error);
  if (notOAuth) return new AttemptError(notOAuth);
  if (error instanceof TimeoutMarker || isMcpError(error, ErrorCode.RequestTimeout))
    return new AttemptError(describeTimeout(at.kind, at.phase, at.timeoutMs, ctx.config));
  const reason = describeConnectError(error, {
    config: ctx.config,
    kind: at.kind,
    phase: at.phase,
    stderrTail: at.stderr?.all ?? [],
  });
  if (at.mayFallBack && shouldFallBack(error)) return new FallbackError(reason);
  return new AttemptError(reason);
}

/** Per the MCP spec's backwards-compatibility rule: a 4xx to the POST means "try the old HTTP+SSE transport". */
function shouldFallBack(error: unknown): boolean {
  const status = httpStatus(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
}
