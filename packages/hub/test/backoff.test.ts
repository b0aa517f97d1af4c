import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff.js';
import { closestFirst } from '../src/suggest.js';

describe('backoffDelay', () => {
  it('doubles from initialMs per failure, caps at maxMs, and adds at most 10 % jitter', () => {
    const options = { initialMs: 1_000, maxMs: 8_000 };
    for (const [failures, base] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [4, 8_000],
      [9, 8_000],
    ] as const) {
      for (let i = 0; i < 20; i++) {
        const delay = backoffDelay(failures, options);
        expect(delay).toBeGreaterThanOrEqual(base);
        expect(delay).toBeLessThanOrEqual(base * 1.1);
      }
    }
  });
});

describe('closestFirst', () => {
  it('puts names containing the wanted one first, then by edit distance, ties in original order', () => {
    expect(
      closestFirst('read_file', ['write_file', 'list_directory', 'read_text_file', 'read_file_v2', 'read_fil']),
    ).toEqual(['read_fil', 'read_file_v2', 'write_file', 'read_text_file', 'list_directory']);
  });
});
