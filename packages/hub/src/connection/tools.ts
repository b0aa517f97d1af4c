import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { listAllTools } from '../list-tools.js';
import { messageOf } from '../reasons.js';
import type { Logger } from '../types.js';

/**
 * The tools a server lists, kept across reconnects (so a call can restart a server that went away),
 * with the version that counts their changes and the re-listing that list_changed (or a call of a tool
 * not seen yet) asks for.
 */
export class ServerTools {
  tools: Tool[] = [];
  /** 0 until the first listing. */
  version = 0;
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly server: string,
    private readonly logger: Logger,
    private readonly onChange: (tools: Tool[]) => void,
  ) {}

  has(name: string): boolean {
    return this.tools.some((t) => t.name === name);
  }

  /** Every page of tools/list; invalid tools are left out and reported one by one. */
  list(client: Client, timeoutMs: number): Promise<Tool[]> {
    const server = this.server;
    return listAllTools(
      client,
      timeoutMs,
      (tool, problem) =>
        this.logger.warn(
          `Server "${server}" lists an invalid tool ${JSON.stringify(tool)}; it is left out: ${problem}`,
          {
            server,
            tool,
          },
        ),
      (problem) => this.logger.warn(`Server "${server}" is listed in part: ${problem}.`, { server }),
    );
  }

  /** Takes a new listing without telling anyone; true when it differs from the last one. */
  replace(tools: Tool[]): boolean {
    if (this.version > 0 && JSON.stringify(tools) === JSON.stringify(this.tools)) return false;
    this.tools = tools;
    this.version++;
    return true;
  }

  emit(): void {
    this.onChange([...this.tools]);
  }

  /**
   * Re-lists the tools of the client `current()` returns; concurrent requests share one listing, and one
   * arriving mid-listing triggers another (the server may have changed again since that listing began).
   * A listing that finishes after its client was replaced is thrown away.
   */
  refresh(current: () => Client | undefined, timeoutMs: () => number): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.relistUntilSettled(current, timeoutMs).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async relistUntilSettled(current: () => Client | undefined, timeoutMs: () => number): Promise<void> {
    do {
      this.again = false;
      const client = current();
      if (!client) return;
      try {
        const tools = await this.list(client, timeoutMs());
        if (current() === client && this.replace(tools)) this.emit();
      } catch (error) {
        this.logger.warn(`Could not re-list the tools of server "${this.server}": ${messageOf(error)}`, {
          server: this.server,
        });
      }
    } while (this.again);
  }
}
