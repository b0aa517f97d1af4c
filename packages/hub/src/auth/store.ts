import { mkdirSync, readFileSync, renameSync, rmSync, statSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { errnoCode, messageOf } from '@runbyte/utils';
import { HubError } from '../errors.js';

/** What is kept for one server (name + URL): its OAuth client, its tokens, and a login's PKCE verifier. */
export interface CredentialEntry {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  codeVerifier?: string;
}

/**
 * Where OAuth credentials of downstream servers live. Entries are keyed by server name and URL, so a
 * server whose URL changes needs a new login and a token never goes to a host it was not issued for.
 */
export interface CredentialStore {
  /** The file, for messages (never its contents). */
  readonly path: string;
  get(server: string, url: string): CredentialEntry | undefined;
  /** Replaces the entry with what `change` returns (undefined removes it). */
  update(server: string, url: string, change: (entry: CredentialEntry) => CredentialEntry | undefined): void;
  /** Removes every entry of the server; returns how many there were. */
  remove(server: string): number;
  /** Changes whenever the file changes (written by this process or another, e.g. `runbyte login`). */
  version(): string;
  /** Calls `listener` when the file changes; returns the unsubscribe function. */
  watch(listener: () => void): () => void;
}

interface FileShape {
  version: 1;
  entries: Record<string, CredentialEntry & { server: string; url: string; updatedAt: string }>;
}

const WATCH_INTERVAL_MS = 500;

/**
 * A JSON file readable by its owner alone (0600, in a 0700 folder), written atomically (a temporary file
 * renamed over it), re-read whenever its mtime or size changes.
 */
export function createFileCredentialStore(path: string): CredentialStore {
  let cached: { version: string; data: FileShape } | undefined;
  const listeners = new Set<() => void>();
  const onChange = (): void => {
    for (const fn of [...listeners]) fn();
  };
  const key = (server: string, url: string) => `${server} ${url}`;

  const version = (): string => {
    try {
      const stat = statSync(path);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'absent';
    }
  };

  const read = (): FileShape => {
    const current = version();
    if (cached && cached.version === current) return cached.data;
    let data: FileShape = { version: 1, entries: {} };
    if (current !== 'absent') {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT')
          throw new HubError('INVALID_CONFIG', `Cannot read the credentials file ${path}: ${messageOf(error)}.`);
        text = '';
      }
      if (text.trim() !== '') {
        try {
          const parsed = JSON.parse(text) as Partial<FileShape>;
          if (typeof parsed.entries === 'object' && parsed.entries !== null)
            data = { version: 1, entries: parsed.entries };
        } catch {
          // Never quote the file: it holds tokens.
          throw new HubError(
            'INVALID_CONFIG',
            `The credentials file ${path} is not valid JSON; delete it and run \`runbyte login\` again.`,
          );
        }
      }
    }
    cached = { version: current, data };
    return data;
  };

  const write = (data: FileShape): void => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new HubError('INVALID_CONFIG', `Cannot write the credentials file ${path}: ${messageOf(error)}.`);
    }
    cached = undefined;
  };

  return {
    path,
    get(server, url) {
      const entry = read().entries[key(server, url)];
      if (!entry) return undefined;
      const { client, tokens, codeVerifier } = entry;
      return {
        ...(client ? { client } : {}),
        ...(tokens ? { tokens } : {}),
        ...(codeVerifier ? { codeVerifier } : {}),
      };
    },
    update(server, url, change) {
      const data = read();
      const k = key(server, url);
      const next = change(this.get(server, url) ?? {});
      const entries = { ...data.entries };
      if (next === undefined || Object.keys(next).length === 0) {
        if (!(k in entries)) return;
        delete entries[k];
      } else {
        entries[k] = { server, url, ...next, updatedAt: new Date().toISOString() };
      }
      write({ version: 1, entries });
    },
    remove(server) {
      const data = read();
      const kept = Object.entries(data.entries).filter(([, entry]) => entry.server !== server);
      const removed = Object.keys(data.entries).length - kept.length;
      if (removed > 0) write({ version: 1, entries: Object.fromEntries(kept) });
      return removed;
    },
    version,
    watch(listener) {
      if (listeners.size === 0) {
        // Polling the path (not fs.watch): an atomic rename replaces the inode, which fs.watch loses.
        watchFile(path, { interval: WATCH_INTERVAL_MS, persistent: false }, onChange);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) unwatchFile(path, onChange);
      };
    },
  };
}
