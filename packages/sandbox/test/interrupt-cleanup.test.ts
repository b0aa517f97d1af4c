// A run cut short (deadline) at any point must free everything it created: otherwise QuickJS's
// JS_FreeRuntime aborts with `Assertion failed: list_empty(&rt->gc_obj_list)`, prints that on stderr and
// the process-wide WASM module has to be reloaded (issue 14, seen with `runbyte exec` and workers: 0).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandbox, type RunInput } from '../src/index.js';
import { loadedModule } from '../src/module.js';
import { expectFail, expectHealthy } from './helpers.js';

const never = () => new Promise<never>(() => undefined);

const scenarios: Array<[string, RunInput | string, number]> = [
  ['a host call that never resolves, tiny deadline', 'export async function exec() { return await slow() }', 0.01],
  ['a host call that never resolves', 'export async function exec() { return await slow() }', 30],
  ['the entry module loops at top level', 'while (true) {}\nexport async function exec() { return 1 }', 30],
  ['the entry module awaits a host call at top level', 'await slow();\nexport async function exec() {}', 30],
  [
    'an imported module awaits a host call at top level',
    {
      entry: 'main.js',
      modules: {
        'main.js': { code: 'import "lib.js"; export async function exec() {}' },
        'lib.js': { code: 'await slow();' },
      },
    },
    30,
  ],
];

describe('a timeout frees the run without aborting QuickJS', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(scenarios)('%s: nothing printed, the next run reuses the WASM module', async (_name, input, timeoutMs) => {
    const printed: string[] = [];
    const warnings: string[] = [];
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void capture(args.join(' ')));
    const sb = await createSandbox({
      logger: {
        debug() {},
        info() {},
        warn: (message) => warnings.push(message),
        error: (message) => warnings.push(message),
      },
    });
    const module = loadedModule();
    expect(module).toBeDefined();
    for (let i = 0; i < 3; i++) {
      const result = await sb.run(input, { limits: { timeoutMs }, hostFunctions: { slow: never } });
      expect(expectFail(result).error.kind).toBe('timeout');
    }
    await expectHealthy(sb);
    expect(printed.join('')).not.toMatch(/Aborted\(|Assertion failed/);
    expect(warnings).toEqual([]);
    expect(loadedModule()).toBe(module);
  });
});
