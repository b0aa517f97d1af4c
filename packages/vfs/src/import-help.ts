// What the bundler tells an agent about an import that resolves to nothing: the vfs owns the layout of
// /servers, so it alone says which servers and modules exist and what was probably meant.
import { RUNTIME_FILE } from '@runbyte/codegen';
import { closestMatches, listNames } from '@runbyte/utils';
import type { ServerTree } from './tree.js';

/** Import advice for the bundler (it fits the bundler's `ImportHints`). */
export interface ImportHelp {
  /** Specifiers worth suggesting, as an agent writes them, e.g. `"./servers/github"`. */
  importable(): Promise<string[]>;
  /**
   * Why nothing is at this absolute module path, when the path is under /servers; else undefined.
   * `listImportable`: the agent guessed a server, so the importable ones are worth listing.
   */
  explain(path: string): Promise<{ message: string; listImportable?: boolean } | undefined>;
}

const SHOWN_SERVERS = 15;

export function createImportHelp(tree: ServerTree): ImportHelp {
  const serverNames = (): string[] =>
    tree
      .snapshot()
      .servers.map((s) => s.state.name)
      .sort();

  return {
    async importable() {
      const servers = serverNames();
      return [
        ...servers.slice(0, SHOWN_SERVERS).map((s) => `"./servers/${s}"`),
        ...(servers.length > SHOWN_SERVERS ? [`(${servers.length - SHOWN_SERVERS} more servers)`] : []),
        ...(servers.length > 0 ? ['"./servers" (all servers as namespaces)'] : []),
      ];
    },

    async explain(path) {
      const parts = path.split('/').filter(Boolean);
      if (parts[0] !== 'servers' || parts.length < 2) return undefined;
      const server = parts[1]!.replace(/\.(ts|js|mjs)$/, '');
      const snapshot = tree.snapshot();
      const view = snapshot.byName.get(server);
      if (!view) {
        if (parts.length === 2 && `${server}.ts` === RUNTIME_FILE) return undefined;
        const near = closestMatches(server, serverNames());
        const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `"./servers/${n}"`).join(' or ')}?` : '';
        return { message: `there is no server "${server}".${hint}`, listImportable: true };
      }
      const tool = (parts[2] ?? '').replace(/\.(ts|js|mjs)$/, '');
      const tools = tree
        .plan(view)
        .tools.map((t) => t.fileName.replace(/\.ts$/, ''))
        .sort();
      if (tool === '' || tool === 'index' || tools.length === 0 || tools.includes(tool)) {
        return {
          message: `the server "${server}" is listed in /servers, but its files cannot be read right now (it may be unavailable or still connecting). Check list_directory("/servers/${server}") and try again.`,
        };
      }
      const near = closestMatches(tool, tools);
      const hint =
        near.length > 0 ? ` Did you mean ${near.map((n) => `"./servers/${server}/${n}"`).join(' or ')}?` : '';
      return {
        message: `server "${server}" has no module "${tool}".${hint} Its tools: ${listNames(tools, 30)}; or import the whole server from "./servers/${server}".`,
      };
    },
  };
}
