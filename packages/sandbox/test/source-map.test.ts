import { describe, expect, it } from 'vitest';
import { expectFail, sandbox } from './helpers.js';

// agent.ts as the user wrote it, and the JavaScript a TypeScript stripper makes of it (types removed,
// lines shifted by the removed interface). The map is hand-written: line 1 of the output is line 5 of
// the source, and so on.
const AGENT_TS = `interface Issue {
  title: string;
}

export async function exec() {
  const issue: Issue = await load();
  return issue.title.toUpperCase();
}
`;

const AGENT_JS = `export async function exec() {
  const issue = await load();
  return issue.title.toUpperCase();
}
`;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += BASE64[digit];
  } while (v > 0);
  return out;
}

// Generated line n (0-based) starts at column 0 of source line n + 4: the interface took four lines.
const MAP = JSON.stringify({
  version: 3,
  file: 'agent.js',
  sources: ['agent.ts'],
  sourcesContent: [AGENT_TS],
  names: [],
  mappings: AGENT_JS.split('\n')
    .map((_, n) => vlq(0) + vlq(0) + vlq(n === 0 ? 4 : 1) + vlq(0))
    .join(';'),
});

describe('source-mapped errors', () => {
  it('reports the user file, line and column of a runtime error, with a code frame', async () => {
    const sb = await sandbox();
    const result = await sb.run(
      {
        entry: 'agent.ts',
        modules: {
          'agent.ts': { code: AGENT_JS, map: MAP },
          '/servers/_runtime.ts': { code: 'export async function load() { return {} }' },
        },
        links: { 'agent.ts': {} },
      },
      { hostFunctions: {} },
    );
    // `load` is not imported: the guest sees a ReferenceError at line 2 of the JS = line 6 of agent.ts.
    const error = expectFail(result).error;
    expect(error.kind).toBe('runtime');
    expect(error.message).toBe("ReferenceError: 'load' is not defined");
    expect(error.location).toMatchObject({ file: 'agent.ts', line: 6 });
    expect(error.frame).toContain('> 6 |   const issue: Issue = await load();');
    expect(error.stack).toMatch(/^ {4}at exec \(agent\.ts:6:\d+\)$/);
  });

  it('keeps only frames of the input modules, mapped, and never host paths', async () => {
    const sb = await sandbox();
    const result = await sb.run({
      entry: 'agent.ts',
      modules: {
        'agent.ts': {
          code: "import { helper } from './lib.js';\nexport function exec() {\n  return [1].map(() => helper())[0];\n}",
          map: undefined as unknown as string,
        },
        'lib.js': { code: "export function helper() {\n  throw new RangeError('deep');\n}" },
      },
      links: { 'agent.ts': { './lib.js': 'lib.js' } },
    });
    const error = expectFail(result).error;
    expect(error.message).toBe('RangeError: deep');
    const frames = error.stack!.split('\n');
    expect(frames[0]).toMatch(/^ {4}at helper \(lib\.js:2:\d+\)$/);
    expect(frames.some((f) => f.includes('agent.ts:3'))).toBe(true);
    expect(error.stack).not.toMatch(/native|<runbyte>|node_modules|\/work\//);
    expect(error.location).toMatchObject({ file: 'agent.ts', line: 3 });
    expect(error.frame).toContain('> 3 |   return [1].map(() => helper())[0];');
  });
});
