import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToolFilter, createHub, HubError, type Hub, type Tool } from '../src/index.js';
import { everything, recordingLogger } from './support/servers.js';

describe('compileToolFilter', () => {
  it('applies allow globs, then deny globs', () => {
    const f = compileToolFilter({ allow: ['get-*', 'echo'], deny: ['get-env'] });
    expect(['echo', 'get-sum', 'get-env', 'toggle-logging'].filter((t) => f.visible(t))).toEqual(['echo', 'get-sum']);
    expect(f.why('get-env')).toContain('"get-env"');
    expect(f.why('toggle-logging')).toContain('no "allow" pattern');
  });
  it('treats regex characters literally and shows everything without a filter', () => {
    expect(compileToolFilter({ deny: ['a.b'] }).visible('axb')).toBe(true);
    expect(compileToolFilter(undefined).visible('anything')).toBe(true);
  });
});

describe('hub tool filters with server-everything', () => {
  let hub: Hub;
  const logger = recordingLogger();
  const changed: Tool[][] = [];
  beforeAll(async () => {
    hub = createHub({ everything: everything() }, { logger, toolFilters: { everything: { deny: ['echo', 'get-*'] } } });
    hub.on('toolsChanged', (_server, tools) => changed.push(tools));
    await hub.start();
  }, 30_000);
  afterAll(() => hub.close());

  it('hides filtered tools from the state and the toolsChanged event', () => {
    const names = hub.server('everything')!.tools.map((t) => t.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('echo');
    expect(names.some((n) => n.startsWith('get-'))).toBe(false);
    expect(hub.servers()[0]!.tools.map((t) => t.name)).toEqual(names);
    expect(changed.at(-1)!.map((t) => t.name)).toEqual(names);
  });

  it('refuses to call a hidden tool by its raw name and names the filter', async () => {
    const error = await hub.callTool('everything', 'echo', { message: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('TOOL_HIDDEN');
    expect((error as HubError).message).toContain('"deny" pattern "echo"');
  });

  it('suggests only visible tools for an unknown one', async () => {
    const error = (await hub.callTool('everything', 'ech', {}).catch((e: unknown) => e)) as HubError;
    expect(error.code).toBe('UNKNOWN_TOOL');
    expect(error.available!.length).toBeGreaterThan(0);
    expect(error.available!.some((n) => n === 'echo' || n.startsWith('get-'))).toBe(false);
    expect(error.message).not.toMatch(/\becho\b|get-/);
  });
});

describe('hub tool filter typos', () => {
  it('warns about a pattern that matches no tool, with a did-you-mean', async () => {
    const logger = recordingLogger();
    const hub = createHub({ everything: everything() }, { logger, toolFilters: { everything: { deny: ['ecko'] } } });
    try {
      await hub.start();
      expect(logger.entries.map((e) => e.msg).join('\n')).toContain(
        '"deny" pattern "ecko" matches no tool. Did you mean "echo"?',
      );
    } finally {
      await hub.close();
    }
  }, 30_000);
});
