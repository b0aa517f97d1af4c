import type { Hub } from '@runbyte/hub';
import type { ExecuteOutcome } from './execute.js';

// `./servers/github`, `../servers/github/createIssue.ts`, `/servers/github/index.js`: any specifier that
// walks into /servers/<name>. A bare `./servers` or `./servers/index.ts` reaches every server.
const SERVER_SPECIFIER = /(["'`])(?:\.{1,2}\/|\/)*servers(?:\/([^/"'`]*))?[^"'`]*\1/g;

/** The servers an execution's code imports, or `'all'` when it imports the root index. Best effort: it
 * reads string literals, so a server named only in a comment is waited for too, which costs nothing. */
export function importedServers(code: string, configured: readonly string[]): string[] | 'all' {
  const names = new Set<string>();
  for (const match of code.matchAll(SERVER_SPECIFIER)) {
    const name = match[2];
    if (name === undefined || name === '' || /^index(\.[jt]s)?$/.test(name)) return 'all';
    if (configured.includes(name)) names.add(name);
  }
  return [...names];
}

/** Waits until each named server's first connection attempt has settled (or `signal` aborts); the
 * connect timeout of each server bounds the wait. */
export async function serversSettled(hub: Hub, names: readonly string[], signal?: AbortSignal): Promise<void> {
  const pending = names.filter((name) => hub.server(name)?.status === 'connecting');
  if (pending.length === 0) return;
  const settled = Promise.all(pending.map((name) => hub.settled(name))).then(() => undefined);
  if (!signal) return settled;
  if (signal.aborted) return;
  let onAbort!: () => void;
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([settled, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Resolves when `promise` does or after `ms`, whichever is first. */
export function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A failure naming the first imported server that never connected (it has no functions yet, so the import
 * could only fail with a less useful "no such export"); undefined when every one has tools to offer. */
export function unavailableImports(hub: Hub, names: readonly string[]): ExecuteOutcome | undefined {
  for (const name of names) {
    const state = hub.server(name);
    if (!state || state.status === 'ready' || state.tools.length > 0) continue;
    const reason = state.error ?? `it is still ${state.status}`;
    const retry =
      state.status === 'needs-login'
        ? 'once someone has logged in'
        : 'once it connects (it is retried in the background)';
    return {
      ok: false,
      phase: 'bundling',
      message: `Server "${name}" ${state.status === 'needs-login' ? 'needs a login' : 'is unavailable'}: ${reason}. Its functions appear in /servers/${name} ${retry}.`,
      logs: [],
      durationMs: 0,
      toolCalls: [],
    };
  }
  return undefined;
}
