import { describe, expect, it } from 'vitest';
import { createBundler } from '../src/index.js';
import { SWC_MEMORY_LIMIT } from '../src/swc.js';

// A distinct ~1 MiB program each time: swc's WASM memory grows with every one (its source map keeps
// them all), about 2.5 MiB of memory per MiB of code.
const program = (i: number) =>
  Array.from({ length: 40_000 }, (_, k) => `const v${i}_${k} = ${k} + ${i};`).join('\n') +
  `\nexport async function exec() { return v${i}_0; }\n`;

describe("the parser's memory is bounded (issue #13, item 4)", () => {
  it('many distinct large submissions: swc is recycled past its bound, the cache stays in bytes, bundling still works', async () => {
    const cacheBytes = 8 * 1024 * 1024;
    const bundler = createBundler({ modules: { read: async () => undefined }, cacheBytes });
    const start = bundler.stats().parserRecycles;
    let peak = 0;
    for (let i = 0; i < 40 && bundler.stats().parserRecycles - start < 1; i++) {
      await bundler.bundle(program(i));
      const stats = bundler.stats();
      peak = Math.max(peak, stats.parserMemoryBytes);
      expect(stats.bytes).toBeLessThanOrEqual(cacheBytes);
    }
    const stats = bundler.stats();
    expect(stats.parserRecycles - start).toBeGreaterThanOrEqual(1);
    // One large program can take an instance past the bound; the next call replaces it.
    expect(peak).toBeLessThan(SWC_MEMORY_LIMIT + 16 * 1024 * 1024);

    const bundle = await bundler.bundle(`export async function exec() { return 1 + 1; }\n`);
    expect(bundle.modules['agent.ts']?.code).toContain('1 + 1');
    // Spans of the fresh instance start over: syntax errors still point at the user's line.
    const error = await bundler.bundle(`export async function exec() {\n  return ;) \n}\n`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SYNTAX', diagnostics: [expect.objectContaining({ line: 2 })] });
  });
});
