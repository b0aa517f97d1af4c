import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { capText } from '@runbyte/utils';
import { backoffDelay } from '../backoff.js';
import { MAX_ERROR_CHARS, type HubError } from '../errors.js';
import type { InFlightCall } from '../pass-through.js';
import { displayUrl, messageOf, seconds } from '../reasons.js';
import type { CallToolOptions, ServerConfig, ServerState, ServerStatus, TransportKind } from '../types.js';
import { callTool, type CallHost } from './call.js';
import { closedError, needsLoginError, unavailableError } from './call-errors.js';
import { connectTimeoutFor } from './connect-timeout.js';
import { AttemptError, NeedsLoginAttempt, openConnection, type OpenContext, type Opened } from './open.js';
import type { ConnectionOptions } from './options.js';
import { reasonOf, type ConnectionState, type Session } from './state.js';
import { ServerTools } from './tools.js';

export type { ConnectionOptions } from './options.js';

/** One downstream server: its state, and the retry loop that keeps it connected. */
export class Connection {
  readonly name: string;
  private readonly config: ServerConfig;
  private readonly options: ConnectionOptions;
  private state: ConnectionState = { status: 'idle' };
  /** What outlives a connection: the last transport and instructions (tools are in `tools`). */
  private last: { transport?: TransportKind; instructions?: string } = {};
  /** Across attempts: the backoff counts failures; a server once ready is restarted by calls. */
  private history = { everReady: false, failures: 0 };
  private readonly tools: ServerTools;
  private readonly inFlight = new Set<InFlightCall>();
  private readonly pendingCloses = new Set<Promise<void>>();
  private readonly calls: CallHost;

  constructor(name: string, config: ServerConfig, options: ConnectionOptions) {
    this.name = name;
    this.config = config;
    this.options = options;
    this.tools = new ServerTools(name, options.logger, (tools) => options.onTools(name, tools));
    this.calls = {
      name,
      config,
      logger: options.logger,
      callTimeoutMs: options.callTimeoutMs,
      tools: this.tools,
      inFlight: this.inFlight,
      ready: () => this.ready(),
      refreshTools: () => this.refreshTools(),
      session: () => this.session(),
      reason: () => reasonOf(this.state),
      // No retry timer: the call that found out connects again at once.
      sessionExpired: (client) => {
        if (this.dropSession(client)) this.setState({ status: 'unavailable', reason: 'the server ended the session' });
      },
      connectionLost: (client, reason) => {
        if (this.dropSession(client)) this.connectionLost(reason);
      },
      loginLost: (client, why) => {
        this.dropSession(client);
        this.markNeedsLogin(why);
        return this.needsLoginError();
      },
    };
  }

  snapshot(): ServerState {
    const error = reasonOf(this.state);
    return {
      name: this.name,
      status: publicStatus(this.state),
      tools: [...this.tools.tools],
      toolsVersion: this.tools.version,
      ...(error === undefined ? {} : { error }),
      ...this.last,
    };
  }

  /** Starts an attempt unless one is running (or it is connected); resolves when it has settled. Never rejects. */
  connect(): Promise<void> {
    const state = this.state;
    if (state.status === 'closed' || state.status === 'ready') return Promise.resolve();
    if (state.status === 'connecting') return state.attempt;
    if (state.status === 'unavailable') clearTimeout(state.retry);
    const opening = new Set<Client>();
    let settle!: () => void;
    const attempt = new Promise<void>((resolve) => (settle = resolve));
    const previousError = reasonOf(state);
    this.setState({
      status: 'connecting',
      attempt,
      opening,
      ...(previousError === undefined ? {} : { previousError }),
    });
    void this.runAttempt(opening).finally(settle);
    return attempt;
  }

  /** The credentials file changed: a server waiting for a login tries again. */
  credentialsChanged(): void {
    if (this.state.status === 'needs-login') void this.connect();
  }

  callTool(tool: string, args: Record<string, unknown> | undefined, options: CallToolOptions): Promise<CallToolResult> {
    return callTool(this.calls, tool, args, options);
  }

  /** Re-lists the tools of the current connection (see ServerTools.refresh). */
  refreshTools(): Promise<void> {
    return this.tools.refresh(
      () => this.session()?.client,
      () => this.connectTimeoutMs(),
    );
  }

  async close(): Promise<void> {
    const state = this.state;
    if (state.status === 'closed') return;
    if (state.status === 'unavailable') clearTimeout(state.retry);
    const clients =
      state.status === 'connecting' ? [...state.opening] : state.status === 'ready' ? [state.session.client] : [];
    this.setState({ status: 'closed' });
    for (const client of clients) this.closeClient(client);
    await Promise.allSettled([...this.pendingCloses]);
  }

  private session(): Session | undefined {
    return this.state.status === 'ready' ? this.state.session : undefined;
  }

  // Read through a method: after an await, TypeScript still narrows `this.state` to what it was before.
  private current(): ConnectionState {
    return this.state;
  }

  private async ready(): Promise<Client> {
    if (this.current().status === 'closed') throw closedError(this.name);
    const state = this.current();
    if (state.status === 'needs-login') {
      // A login may have landed since (the file watch polls): look again before failing the call.
      if (this.options.credentials?.version() !== state.loginVersion) await this.connect();
      if (this.current().status === 'needs-login') throw this.needsLoginError();
    }
    if (this.current().status !== 'ready') {
      // Wait for the first connection (or make it, when start() was not called), and restart a server
      // that was up (a process that died, a connection that dropped). A server that never came up is left
      // to its backoff, so calls fail fast with its reason instead of each paying a connect timeout.
      const { everReady, failures } = this.history;
      if (everReady || failures === 0) await this.connect();
    }
    const after = this.current();
    if (after.status === 'ready') return after.session.client;
    if (after.status === 'closed') throw closedError(this.name);
    throw unavailableError(this.name, reasonOf(after) ?? 'it is not connected');
  }

  private async runAttempt(opening: Set<Client>): Promise<void> {
    let opened: Opened;
    try {
      opened = await openConnection(this.openContext(opening));
    } catch (error) {
      if (this.current().status === 'closed') return;
      if (error instanceof NeedsLoginAttempt) return this.markNeedsLogin(error.message);
      this.history.failures++;
      // The reason is shown in listings and /health: capped, since it can quote a server at length.
      const reason = capText(error instanceof AttemptError ? error.message : messageOf(error), MAX_ERROR_CHARS);
      this.options.logger.warn(`Server "${this.name}" is unavailable: ${reason}`, {
        server: this.name,
        failures: this.history.failures,
      });
      this.becomeUnavailable(reason);
      return;
    }
    const { session, tools } = opened;
    if (this.current().status === 'closed') return this.closeClient(session.client);
    this.history = { everReady: true, failures: 0 };
    const instructions = session.client.getInstructions();
    this.last = { transport: session.kind, ...(instructions === undefined ? {} : { instructions }) };
    const toolsChanged = this.tools.replace(tools);
    this.options.logger.info(`Server "${this.name}" is ready (${session.kind}, ${tools.length} tools)`, {
      server: this.name,
    });
    this.setState({ status: 'ready', session });
    if (toolsChanged) this.tools.emit();
  }

  private openContext(opening: Set<Client>): OpenContext {
    return {
      name: this.name,
      config: this.config,
      options: this.options,
      history: { ...this.history },
      tools: this.tools,
      inFlight: this.inFlight,
      isClosed: () => this.state.status === 'closed',
      opening,
      closeClient: (client) => this.closeClient(client),
      onClientClosed: (client) => this.onClientClosed(client),
      onToolsChanged: async (client) => {
        if (this.session()?.client === client) await this.refreshTools();
      },
    };
  }

  private connectTimeoutMs(): number {
    return connectTimeoutFor(this.config, this.history.everReady, this.options);
  }

  private onClientClosed(client: Client): void {
    const session = this.session();
    if (session?.client !== client) return;
    const tail = session.stderr?.summary();
    const reason =
      session.closeReason() ??
      ('command' in this.config
        ? `the process exited${tail ? `; its last stderr output: ${JSON.stringify(tail)}` : ''}`
        : `the connection to ${displayUrl(this.config.url)} closed`);
    this.connectionLost(reason);
  }

  private connectionLost(reason: string): void {
    this.options.logger.warn(`Server "${this.name}" is unavailable: ${reason}`, { server: this.name });
    this.becomeUnavailable(reason);
  }

  /** Unavailable until the backoff's next retry. A pending retry must not keep the process alive on its own. */
  private becomeUnavailable(reason: string): void {
    const delay = backoffDelay(Math.max(1, this.history.failures), this.options.backoff);
    this.options.logger.debug(`Server "${this.name}": retrying in ${seconds(delay)}`, { server: this.name });
    const retry = setTimeout(() => void this.connect(), delay);
    retry.unref();
    this.setState({ status: 'unavailable', reason, retry });
  }

  /** Closes `client` if it is the current session's; true when it was. The caller then moves the state on. */
  private dropSession(client: Client): boolean {
    if (this.session()?.client !== client) return false;
    this.closeClient(client);
    return true;
  }

  /** No retry timer: only a login helps, and the credentials file's watch (or the next call) notices it. */
  private markNeedsLogin(why: string): void {
    const session = this.session();
    if (session) this.dropSession(session.client);
    const reason = `run \`${this.options.loginCommand(this.name)}\` to log in (${why.replace(/^it needs an OAuth login \((.*)\)$/, '$1')})`;
    if (this.state.status !== 'needs-login')
      this.options.logger.warn(`Server "${this.name}" needs an OAuth login: ${reason}`, { server: this.name });
    this.setState({ status: 'needs-login', reason, loginVersion: this.options.credentials?.version() });
  }

  private needsLoginError(): HubError {
    return needsLoginError(this.name, reasonOf(this.state) ?? `run \`${this.options.loginCommand(this.name)}\``);
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

  /** Moves to `next`; listeners hear of it when the status or its reason changed. */
  private setState(next: ConnectionState): void {
    const before = { status: publicStatus(this.state), reason: reasonOf(this.state) };
    this.state = next;
    if (before.status !== publicStatus(next) || before.reason !== reasonOf(next))
      this.options.onStatus(this.snapshot());
  }
}

/** `idle` (nothing tried yet) shows as connecting: a first call or start() connects it. */
function publicStatus(state: ConnectionState): ServerStatus {
  return state.status === 'idle' ? 'connecting' : state.status;
}
