import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolResultSchema,
  ErrorCode,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { HubError, MAX_ERROR_CHARS, unknownToolError } from './errors.js';
import { capText } from '@runbyte/utils';
import { listAllTools } from './list-tools.js';
import {
  describeConnectError,
  describeHttpError,
  describeTimeout,
  displayUrl,
  isMcpError,
  messageOf,
  seconds,
  STDERR_CAUSE,
  stderrSummary,
  type Phase,
} from './reasons.js';
import { closestFirst } from './suggest.js';
import { isNeedsLogin, notOAuthReason, oauthProviderFor } from './auth/attach.js';
import type { CredentialStore } from './auth/store.js';
import { CallTimer, installPassThrough, type InFlightCall } from './pass-through.js';
import { createStreamableHttpTransport } from './transports/http.js';
import { httpStatus } from './transports/http-errors.js';
import { createSseTransport } from './transports/sse.js';
import { createStdioTransport } from './transports/stdio.js';
import { RESULT_TOO_LARGE, StdioLineClientTransport } from './transports/stdio-client.js';
import type { CallToolOptions, Logger, ServerConfig, ServerState, ServerStatus, TransportKind } from './types.js';

export interface ConnectionOptions {
  logger: Logger;
  callTimeoutMs: number;
  connectTimeoutMs: number;
  /** First-connect timeout of a package runner (npx, uvx, docker run...) until it has once been ready. */
  firstStartTimeoutMs: number;
  /** Largest message a stdio server may send (a tool result); a larger one fails only its own call. */
  maxResultBytes: number;
  backoff: BackoffOptions;
  clientInfo: { name: string; version: string };
  onStatus: (state: ServerState) => void;
  onTools: (server: string, tools: Tool[]) => void;
  /** OAuth credentials of remote servers; see HubOptions.credentials. */
  credentials?: CredentialStore;
  loginCommand: (server: string) => string;
}

/** A failed attempt, already described for the user. */
class AttemptError extends Error {}

/** An attempt the server refused until someone logs in. */
class NeedsLoginAttempt extends AttemptError {}

interface Opened {
  client: Client;
  kind: TransportKind;
  tools: Tool[];
}

const STDERR_TAIL = 20;

/** One downstream server: its client, its state, and the retry loop that keeps it connected. */
export class Connection {
  readonly name: string;
  private readonly config: ServerConfig;
  private readonly options: ConnectionOptions;
  private readonly state: ServerState;
  private client: Client | undefined;
  private attempt: Promise<void> | undefined;
  private attemptClients = new Set<Client>();
  private pendingCloses = new Set<Promise<void>>();
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private everReady = false;
  private closed = false;
  private stderrTail: string[] = [];
  /** The stdio transport of each client, to ask why it closed. */
  private stdioTransports = new WeakMap<Client, StdioLineClientTransport>();
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  /** The credential store's version at the last attempt that ended in needs-login. */
  private loginVersion: string | undefined;
  private readonly inFlight = new Set<InFlightCall>();

  constructor(name: string, config: ServerConfig, options: ConnectionOptions) {
    this.name = name;
    this.config = config;
    this.options = options;
    this.state = { name, status: 'connecting', tools: [], toolsVersion: 0 };
  }

  snapshot(): ServerState {
    return { ...this.state, tools: [...this.state.tools] };
  }

  /** Starts an attempt unless one is running; resolves when it has connected or failed. Never rejects. */
  connect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.attempt) {
      this.clearRetry();
      this.attempt = this.runAttempt().finally(() => {
        this.attempt = undefined;
      });
    }
    return this.attempt;
  }

  /** The credentials file changed: a server waiting for a login tries again. */
  credentialsChanged(): void {
    if (this.state.status === 'needs-login' && !this.closed) void this.connect();
  }

  async callTool(
    tool: string,
    args: Record<string, unknown> | undefined,
    options: CallToolOptions,
    retried = false,
  ): Promise<CallToolResult> {
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? this.options.callTimeoutMs;
    if (signal?.aborted) throw this.abortedError(tool, signal);
    const client = await abortable(this.ready(), signal, () => this.abortedError(tool, signal!));
    if (!this.state.tools.some((t) => t.name === tool)) {
      // The server may have added the tool without telling us (list_changed is optional).
      await abortable(this.refreshTools(), signal, () => this.abortedError(tool, signal!));
      if (!this.state.tools.some((t) => t.name === tool)) {
        const available = closestFirst(
          tool,
          this.state.tools.map((t) => t.name),
        );
        throw unknownToolError(this.name, tool, available);
      }
    }
    // The SDK never removes the abort listener it adds to a request's signal: give it a signal of its own
    // per call, so a caller's long-lived signal does not collect listeners (and cancel finished requests).
    // Aborting it makes the SDK send notifications/cancelled. The timeout is ours, not the SDK's, so it can
    // stop while the server waits for a person (a forwarded elicitation).
    const local = new AbortController();
    const forward = () => local.abort(signal!.reason);
    signal?.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    const timer = new CallTimer(timeoutMs, () => {
      timedOut = true;
      local.abort(new Error(`no answer within ${seconds(timeoutMs)}`));
    });
    const call: InFlightCall = { options, pause: () => timer.pause() };
    this.inFlight.add(call);
    try {
      // A plain request, not client.callTool(): that helper rejects results whose structuredContent does
      // not match the tool's outputSchema, and a gateway should hand the server's answer on as it is.
      return await client.request(
        { method: 'tools/call', params: { name: tool, arguments: args ?? {} } },
        CallToolResultSchema,
        {
          timeout: MAX_TIMER_MS,
          signal: local.signal,
          ...(options.onProgress ? { onprogress: options.onProgress } : {}),
        },
      );
    } catch (error) {
      // A 404 to a request carrying a session id means the server forgot the session (it restarted, or
      // expired it) and did not run the call; the spec says to start a new session, so the call is safe
      // to send once more on it.
      if (
        !retried &&
        !signal?.aborted &&
        this.state.transport === 'streamable-http' &&
        httpStatus(error) === 404 &&
        this.client === client
      ) {
        this.options.logger.info(`Server "${this.name}" no longer knows our session; starting a new one`, {
          server: this.name,
        });
        this.client = undefined;
        this.closeClient(client);
        this.setStatus('unavailable', 'the server ended the session');
        return this.callTool(tool, args, options, true);
      }
      throw this.callError(timedOut ? TIMED_OUT : error, tool, timeoutMs, client, signal);
    } finally {
      timer.stop();
      this.inFlight.delete(call);
      signal?.removeEventListener('abort', forward);
    }
  }

  /** Re-lists the tools; concurrent requests share one listing, and one arriving mid-listing triggers another. */
  refreshTools(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const client = this.client;
        if (!client) return;
        try {
          const tools = await this.listTools(client);
          if (this.client === client) this.setTools(tools);
        } catch (error) {
          this.options.logger.warn(`Could not re-list the tools of server "${this.name}": ${messageOf(error)}`, {
            server: this.name,
          });
        }
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearRetry();
    const clients = [...this.attemptClients];
    if (this.client) clients.push(this.client);
    this.client = undefined;
    this.setStatus('closed', undefined);
    for (const client of clients) this.closeClient(client);
    await Promise.allSettled([...this.pendingCloses]);
  }

  private async ready(): Promise<Client> {
    if (this.closed)
      throw new HubError('CLOSED', `The hub is closed; server "${this.name}" cannot be called.`, { server: this.name });
    if (this.state.status === 'needs-login') {
      // A login may have landed since (the file watch polls): look again before failing the call.
      if (this.options.credentials?.version() !== this.loginVersion) await this.connect();
      if (this.state.status === 'needs-login') throw this.needsLoginError();
    }
    if (!this.client || this.state.status !== 'ready') {
      // Wait for the first connection (or make it, when start() was not called), and restart a server
      // that was up (a process that died, a connection that dropped). A server that never came up is left
      // to its backoff, so calls fail fast with its reason instead of each paying a connect timeout.
      const firstAttempt = this.failures === 0 && !this.everReady;
      if (firstAttempt || this.everReady) await this.connect();
    }
    if (this.client && this.state.status === 'ready') return this.client;
    if (this.closed)
      throw new HubError('CLOSED', `The hub is closed; server "${this.name}" cannot be called.`, { server: this.name });
    const reason = this.state.error ?? 'it is not connected';
    throw new HubError(
      'SERVER_UNAVAILABLE',
      `Server "${this.name}" is unavailable: ${reason}. It is retried in the background.`,
      {
        server: this.name,
        reason,
      },
    );
  }

  private async runAttempt(): Promise<void> {
    this.setStatus('connecting', this.state.error);
    let opened: Opened;
    try {
      opened = await this.open();
    } catch (error) {
      if (this.closed) return;
      if (error instanceof NeedsLoginAttempt) {
        this.markNeedsLogin(error.message);
        return;
      }
      this.failures++;
      // The reason is shown in listings and /health: capped, since it can quote a server at length.
      const reason = capText(error instanceof AttemptError ? error.message : messageOf(error), MAX_ERROR_CHARS);
      this.options.logger.warn(`Server "${this.name}" is unavailable: ${reason}`, {
        server: this.name,
        failures: this.failures,
      });
      this.setStatus('unavailable', reason);
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      this.closeClient(opened.client);
      return;
    }
    this.client = opened.client;
    this.failures = 0;
    this.everReady = true;
    this.state.transport = opened.kind;
    const instructions = opened.client.getInstructions();
    if (instructions === undefined) delete this.state.instructions;
    else this.state.instructions = instructions;
    const toolsChanged = this.updateTools(opened.tools);
    this.options.logger.info(`Server "${this.name}" is ready (${opened.kind}, ${opened.tools.length} tools)`, {
      server: this.name,
    });
    this.setStatus('ready', undefined);
    if (toolsChanged) this.emitTools();
  }

  private async open(): Promise<Opened> {
    const config = this.config;
    if ('command' in config) return this.openWith('stdio');
    if (config.type === 'sse') return this.openWith('sse');
    if (config.type === 'http' || config.type === 'streamable-http') return this.openWith('streamable-http');
    try {
      return await this.openWith('streamable-http', true);
    } catch (error) {
      if (!(error instanceof FallbackError) || this.closed) throw error;
      this.options.logger.debug(`Server "${this.name}": Streamable HTTP failed (${error.message}); trying SSE`, {
        server: this.name,
      });
      try {
        return await this.openWith('sse');
      } catch (sseError) {
        throw new AttemptError(`${error.message} (Streamable HTTP); ${messageOf(sseError)} (SSE fallback)`);
      }
    }
  }

  /**
   * A package runner (`npx -y`, `uvx`, `docker run`...) may download for minutes on its first start; a
   * normal timeout would kill it mid-download and start again, forever. Until it has once been ready it
   * gets the longer first-connect timeout; a server's own `connectTimeoutMs` wins over both.
   */
  private connectTimeoutMs(): number {
    if (this.config.connectTimeoutMs !== undefined) return this.config.connectTimeoutMs;
    if (!this.everReady && 'command' in this.config && isPackageRunner(this.config.command, this.config.args ?? []))
      return Math.max(this.options.connectTimeoutMs, this.options.firstStartTimeoutMs);
    return this.options.connectTimeoutMs;
  }

  private async openWith(kind: TransportKind, mayFallBack = false): Promise<Opened> {
    const timeoutMs = this.connectTimeoutMs();
    if (timeoutMs > this.options.connectTimeoutMs && !this.everReady && this.failures === 0)
      this.options.logger.info(
        `Server "${this.name}" is started by a package runner, which may download it first: waiting up to ${seconds(timeoutMs)}`,
        { server: this.name },
      );
    const transport = await this.createTransport(kind);
    if (this.closed) throw new AttemptError('the hub was closed');
    const client = new Client(this.options.clientInfo, { capabilities: { elicitation: {} } });
    installPassThrough(client, this.name, this.inFlight, this.options.logger);
    if (transport instanceof StdioLineClientTransport) this.stdioTransports.set(client, transport);
    this.attemptClients.add(client);
    let phase: Phase = 'start';
    // Client.connect starts the transport and then sends initialize; wrapping start tells the two apart.
    const start = transport.start.bind(transport);
    transport.start = async () => {
      await start();
      phase = 'initialize';
    };
    client.onclose = () => this.onClientClosed(client);
    client.onerror = (error) =>
      this.options.logger.debug(`Server "${this.name}": ${messageOf(error)}`, { server: this.name });
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      if (this.client === client) await this.refreshTools();
    });
    let timer: NodeJS.Timeout | undefined;
    const work = (async () => {
      await client.connect(transport, { timeout: timeoutMs });
      phase = 'tools/list';
      return this.listTools(client);
    })();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutMarker()), timeoutMs);
      timer.unref();
    });
    try {
      const tools = await Promise.race([work, deadline]);
      return { client, kind, tools };
    } catch (error) {
      work.catch(() => undefined);
      this.closeClient(client);
      if (isNeedsLogin(error)) throw new NeedsLoginAttempt(messageOf(error));
      const notOAuth = notOAuthReason(error);
      if (notOAuth) throw new AttemptError(notOAuth);
      if (error instanceof TimeoutMarker || isMcpError(error, ErrorCode.RequestTimeout)) {
        throw new AttemptError(describeTimeout(kind, phase, timeoutMs, this.config));
      }
      const reason = describeConnectError(error, { config: this.config, kind, phase, stderrTail: this.stderrTail });
      if (mayFallBack && shouldFallBack(error)) throw new FallbackError(reason);
      throw new AttemptError(reason);
    } finally {
      clearTimeout(timer);
      this.attemptClients.delete(client);
    }
  }

  private listTools(client: Client): Promise<Tool[]> {
    return listAllTools(
      client,
      this.connectTimeoutMs(),
      (tool, problem) =>
        this.options.logger.warn(
          `Server "${this.name}" lists an invalid tool ${JSON.stringify(tool)}; it is left out: ${problem}`,
          {
            server: this.name,
            tool,
          },
        ),
      (problem) =>
        this.options.logger.warn(`Server "${this.name}" is listed in part: ${problem}.`, { server: this.name }),
    );
  }

  private createTransport(kind: TransportKind): Transport | Promise<Transport> {
    const config = this.config;
    if ('command' in config) {
      this.stderrTail = [];
      return createStdioTransport(
        config,
        (line) => {
          this.stderrTail.push(line);
          if (this.stderrTail.length > STDERR_TAIL) {
            // Keep the first line that says why (an `Error: ...` above a long stack) as the tail moves on.
            if (STDERR_CAUSE.test(this.stderrTail[0] ?? '')) this.stderrTail.splice(1, 1);
            else this.stderrTail.shift();
          }
          this.options.logger.info(`[${this.name}] ${line}`, { server: this.name, stream: 'stderr' });
        },
        this.options.maxResultBytes,
      );
    }
    const authProvider = oauthProviderFor(this.name, config, this.options.credentials);
    return kind === 'sse'
      ? createSseTransport(config, authProvider)
      : createStreamableHttpTransport(config, authProvider);
  }

  private onClientClosed(client: Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    const config = this.config;
    const tail = stderrSummary(this.stderrTail);
    const closedItself = this.stdioTransports.get(client)?.closeReason;
    const reason =
      closedItself ??
      ('command' in config
        ? `the process exited${tail ? `; its last stderr output: ${JSON.stringify(tail)}` : ''}`
        : `the connection to ${displayUrl(config.url)} closed`);
    this.connectionLost(reason);
  }

  private connectionLost(reason: string): void {
    this.options.logger.warn(`Server "${this.name}" is unavailable: ${reason}`, { server: this.name });
    this.setStatus('unavailable', reason);
    this.scheduleRetry();
  }

  private callError(
    error: unknown,
    tool: string,
    timeoutMs: number,
    client: Client,
    signal: AbortSignal | undefined,
  ): HubError {
    const where = `${this.name}/${tool}`;
    if (signal?.aborted) return this.abortedError(tool, signal);
    if (error instanceof HubError) return error;
    if (isNeedsLogin(error)) {
      // The access token expired and could not be refreshed (e.g. the refresh token was revoked).
      if (this.client === client) {
        this.client = undefined;
        this.closeClient(client);
      }
      this.markNeedsLogin(messageOf(error));
      return this.needsLoginError();
    }
    if (error === TIMED_OUT || isMcpError(error, ErrorCode.RequestTimeout)) {
      return new HubError(
        'TIMEOUT',
        `Tool ${where} did not answer within ${seconds(timeoutMs)}; the call was cancelled. Pass a larger timeoutMs if it needs longer.`,
        { server: this.name, tool, timeoutMs, cause: error },
      );
    }
    if (isMcpError(error, ErrorCode.ConnectionClosed)) {
      const reason = this.state.error ?? 'the connection closed';
      return new HubError('TRANSPORT', `Server "${this.name}" went away during the call of ${tool}: ${reason}.`, {
        server: this.name,
        tool,
        reason,
        cause: error,
      });
    }
    if (isMcpError(error, RESULT_TOO_LARGE)) {
      return new HubError(
        'REQUEST_FAILED',
        `The result of ${where} is too large: ${error instanceof Error ? error.message.replace(/^MCP error -?\d+: /, '') : ''}. Ask for less (a page, a filter), or raise server.maxResultMb.`,
        { server: this.name, tool, rpcCode: RESULT_TOO_LARGE, cause: error },
      );
    }
    if (isMcpError(error)) {
      return new HubError('REQUEST_FAILED', `Server "${this.name}" rejected the call of ${tool}: ${error.message}`, {
        server: this.name,
        tool,
        rpcCode: error.code,
        cause: error,
      });
    }
    const httpReason = 'url' in this.config ? describeHttpError(error, this.config.url) : undefined;
    if (!httpReason && !isTransportFailure(error)) {
      return new HubError(
        'REQUEST_FAILED',
        `Server "${this.name}" returned an invalid result for ${tool}: ${messageOf(error)}`,
        {
          server: this.name,
          tool,
          cause: error,
        },
      );
    }
    // The call failed below MCP (a refused POST, a broken pipe): the connection cannot be trusted.
    const reason = httpReason ?? messageOf(error);
    if (this.client === client) {
      this.client = undefined;
      this.closeClient(client);
      this.connectionLost(reason);
    }
    return new HubError('TRANSPORT', `The call of ${where} failed: ${reason}.`, {
      server: this.name,
      tool,
      reason,
      cause: error,
    });
  }

  private abortedError(tool: string, signal: AbortSignal): HubError {
    const why =
      signal.reason instanceof Error ? signal.reason.message : signal.reason === undefined ? '' : String(signal.reason);
    return new HubError(
      'ABORTED',
      `The call of ${this.name}/${tool} was aborted${why && why !== 'This operation was aborted' ? `: ${why}` : ''}.`,
      {
        server: this.name,
        tool,
        cause: signal.reason,
      },
    );
  }

  /** No retry timer: only a login helps, and the credentials file's watch (or the next call) notices it. */
  private markNeedsLogin(why: string): void {
    this.loginVersion = this.options.credentials?.version();
    const reason = `run \`${this.options.loginCommand(this.name)}\` to log in (${why.replace(/^it needs an OAuth login \((.*)\)$/, '$1')})`;
    if (this.state.status !== 'needs-login')
      this.options.logger.warn(`Server "${this.name}" needs an OAuth login: ${reason}`, { server: this.name });
    this.setStatus('needs-login', reason);
  }

  private needsLoginError(): HubError {
    const reason = this.state.error ?? `run \`${this.options.loginCommand(this.name)}\``;
    return new HubError('NEEDS_LOGIN', `Server "${this.name}" needs a login: ${reason}.`, {
      server: this.name,
      reason,
    });
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    this.clearRetry();
    const delay = backoffDelay(Math.max(1, this.failures), this.options.backoff);
    this.options.logger.debug(`Server "${this.name}": retrying in ${seconds(delay)}`, { server: this.name });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    // A pending retry must not keep the process alive on its own.
    this.retryTimer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private closeClient(client: Client): void {
    client.onclose = undefined;
    const closing = client
      .close()
      .catch((error: unknown) =>
        this.options.logger.debug(`Server "${this.name}": close failed: ${messageOf(error)}`, { server: this.name }),
      )
      .finally(() => this.pendingCloses.delete(closing));
    this.pendingCloses.add(closing);
  }

  private setStatus(status: ServerStatus, error: string | undefined): void {
    const changed = this.state.status !== status || this.state.error !== error;
    this.state.status = status;
    if (error === undefined) delete this.state.error;
    else this.state.error = error;
    if (changed) this.options.onStatus(this.snapshot());
  }

  private updateTools(tools: Tool[]): boolean {
    if (this.state.toolsVersion > 0 && JSON.stringify(tools) === JSON.stringify(this.state.tools)) return false;
    this.state.tools = tools;
    this.state.toolsVersion++;
    return true;
  }

  private setTools(tools: Tool[]): void {
    if (this.updateTools(tools)) this.emitTools();
  }

  private emitTools(): void {
    this.options.onTools(this.name, [...this.state.tools]);
  }
}

class TimeoutMarker extends Error {}

/** Our own call timeout fired (the SDK's is set out of reach). */
const TIMED_OUT = new Error('timed out');
// setTimeout's largest delay; past it Node fires after 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

const RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'uvx']);
const RUNNER_SUBCOMMANDS: Record<string, string[]> = {
  pnpm: ['dlx'],
  yarn: ['dlx'],
  npm: ['exec', 'x'],
  bun: ['x'],
  uv: ['run', 'tool'],
  docker: ['run'],
  podman: ['run'],
};

/** `npx ...`, `pnpm dlx ...`, `docker run ...`: a command that may fetch what it runs before it speaks MCP. */
export function isPackageRunner(command: string, args: readonly string[]): boolean {
  const base = (command.split(/[\\/]/).pop() ?? command).replace(/\.(cmd|exe|bat)$/i, '').toLowerCase();
  if (RUNNERS.has(base)) return true;
  const sub = args.find((arg) => !arg.startsWith('-'));
  return sub !== undefined && (RUNNER_SUBCOMMANDS[base]?.includes(sub) ?? false);
}

class FallbackError extends Error {}

/** Per the MCP spec's backwards-compatibility rule: a 4xx to the POST means "try the old HTTP+SSE transport". */
function shouldFallBack(error: unknown): boolean {
  const status = httpStatus(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
}

function isTransportFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || /not connected|fetch failed|EPIPE|ECONNRESET|socket/i.test(messageOf(error));
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
