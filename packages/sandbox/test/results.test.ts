import { describe, expect, it } from 'vitest';
import { expectFail, expectHealthy, expectOk, sandbox } from './helpers.js';

describe('result conversion', () => {
  it('converts values by the documented rules', async () => {
    const sb = await sandbox();
    const result = await sb.run(`export function exec() {
      const cyc = { name: 'c' }; cyc.self = cyc;
      const shared = { s: 1 };
      return {
        undef: undefined, nil: null, date: new Date(Date.UTC(2026, 0, 2)), bad: new Date(NaN),
        map: new Map([['a', 1], ['b', new Set([1, 2])]]), objMap: new Map([[{ k: 1 }, 'v']]),
        set: new Set(['x']), big: 12345678901234567890n, nan: NaN, inf: -Infinity, negZero: -0,
        fn: function named() {}, arrow: () => 1, sym: Symbol('s'), cyc, twice: [shared, shared],
        arr: [undefined, () => 1], bytes: new Uint8Array([1, 2]), re: /a+/g,
        err: new TypeError('bad'), json: { toJSON() { return 'custom' } },
      };
    }`);
    expect(expectOk(result).value).toEqual({
      nil: null,
      date: '2026-01-02T00:00:00.000Z',
      bad: null,
      map: { a: 1, b: [1, 2] },
      objMap: [[{ k: 1 }, 'v']],
      set: ['x'],
      big: '12345678901234567890',
      nan: null,
      inf: null,
      negZero: 0,
      fn: '[Function: named]',
      arrow: '[Function: arrow]',
      sym: '[Symbol: s]',
      cyc: { name: 'c', self: '[Circular: $.cyc]' },
      twice: [{ s: 1 }, { s: 1 }],
      arr: [null, '[Function: anonymous]'],
      bytes: [1, 2],
      re: '/a+/g',
      err: { name: 'TypeError', message: 'bad' },
      json: 'custom',
    });
  });

  it('keeps a "__proto__" key as data, in a plain result and in a shrunk one, without touching prototypes', async () => {
    const sb = await sandbox();
    const small = expectOk(
      await sb.run(`export function exec() { return JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}'); }`),
    );
    expect(Object.keys(small.value as object)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(small.value)).toBe('{"__proto__":{"polluted":1},"a":2}');
    const big = expectOk(
      await sb.run(
        `export function exec() { return JSON.parse('{"__proto__": "' + 'x'.repeat(20000) + '", "a": 2}'); }`,
        { limits: { resultBytes: 1000 } },
      ),
    );
    expect(Object.keys(big.value as object)).toContain('__proto__');
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('converts through intrinsics captured before user code, also when the full converter is compiled later', async () => {
    const sb = await sandbox();
    // Plain values take the native JSON.stringify, others a converter compiled on first need: both must
    // ignore what the user replaced.
    const result = await sb.run(`export function exec() {
      const realKeys = Object.keys;
      JSON.stringify = () => '"hijacked"';
      Object.keys = () => [];
      Object.prototype.toString = () => '[object Nothing]';
      Number.isFinite = () => false;
      return { plain: [1, 'a', { b: true }], map: new Map([['k', new Date(Date.UTC(2026, 0, 1))]]), n: 2, keys: realKeys({ x: 1 }) };
    }`);
    expect(expectOk(result).value).toEqual({
      plain: [1, 'a', { b: true }],
      map: { k: '2026-01-01T00:00:00.000Z' },
      n: 2,
      keys: ['x'],
    });
    const log = await sb.run(
      `export function exec() { JSON.stringify = () => 'x'; console.log({ a: [1] }, new Set([2])); }`,
    );
    expect(expectOk(log).logs.map((l) => l.message)).toEqual(['{"a":[1]} [2]']);
  });

  it('returns null for undefined', async () => {
    const sb = await sandbox();
    expect(expectOk(await sb.run('export async function exec() {}')).value).toBeNull();
  });

  it('turns a getter that throws into a result error, not a crash', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run(`export function exec() { return { ok: 1, get boom() { throw new Error('nope') } } }`),
    ).error;
    expect(error.kind).toBe('result');
    expect(error.message).toContain('$.boom');
    expect(error.message).toContain('nope');
    await expectHealthy(sb);
  });

  it('turns a hostile Proxy result into a result error', async () => {
    const sb = await sandbox();
    const error = expectFail(
      await sb.run(`export function exec() { return new Proxy({}, { ownKeys() { throw new Error('trap') } }) }`),
    ).error;
    expect(error.kind).toBe('result');
    expect(error.message).toContain('trap');
  });

  it('reports a thrown non-Error as a failure with a readable message', async () => {
    const sb = await sandbox();
    expect(expectFail(await sb.run('export function exec() { throw "x" }')).error).toMatchObject({
      kind: 'runtime',
      message: 'Uncaught non-Error value: x',
    });
    expect(expectFail(await sb.run('export function exec() { throw {} }')).error.message).toBe(
      'Uncaught non-Error value: {}',
    );
    expect(expectFail(await sb.run('export async function exec() { throw null }')).error.message).toBe(
      'Uncaught non-Error value: null',
    );
    expect(expectFail(await sb.run('export async function exec() { throw { code: 42 } }')).error.message).toBe(
      'Uncaught non-Error value: {"code":42}',
    );
  });

  it('shrinks a result over the budget structurally, largest values first, keeping valid JSON', async () => {
    const sb = await sandbox();
    const result = expectOk(
      await sb.run(
        `export function exec() {
        return { id: 7, title: 'small', body: 'x'.repeat(50000), items: Array.from({ length: 2000 }, (_, i) => ({ i, name: 'item ' + i })) };
      }`,
        { limits: { resultBytes: 8192 } },
      ),
    );
    const value = result.value as { id: number; title: string; body: string; items: unknown[] };
    expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(8192);
    expect(value.id).toBe(7);
    expect(value.title).toBe('small');
    expect(result.truncated).toContain('over the 8 KiB result budget');
    expect(result.truncated).toContain('return less');
    expect(result.truncated).toMatch(/\$\.(body|items)/);
  });

  it('keeps the first items of a long list and marks how many were cut', async () => {
    const sb = await sandbox();
    const result = expectOk(
      await sb.run(`export function exec() { return Array.from({ length: 5000 }, (_, i) => i) }`, {
        limits: { resultBytes: 1000 },
      }),
    );
    const value = result.value as unknown[];
    expect(value[0]).toBe(0);
    expect(String(value.at(-1))).toMatch(/cut \d+ more items/);
    expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(1000);
    expect(result.truncated).toMatch(/\$ \(kept \d+ of 5000 items\)/);
  });

  it('leaves a result within budget untouched', async () => {
    const sb = await sandbox();
    const result = expectOk(await sb.run(`export function exec() { return { a: 'y'.repeat(1000) } }`));
    expect(result.truncated).toBeUndefined();
    expect((result.value as { a: string }).a.length).toBe(1000);
  });
});

describe('the result says which values were not JSON', () => {
  it('names undefined fields, functions, NaN and BigInt by their path', async () => {
    const sb = await sandbox();
    const result = expectOk(
      await sb.run(
        'export async function exec() { const config = { a: 1 }; return { configSize: config.length, fn() {}, n: NaN, big: 1n, list: [undefined], ok: 1 } }',
      ),
    );
    expect(result.value).toEqual({ fn: '[Function: fn]', n: null, big: '1', list: [null], ok: 1 });
    expect(result.dropped).toBe(
      'Not JSON, so dropped or converted: configSize was undefined; fn was a function; n was NaN (sent as null); ' +
        'big was a BigInt (sent as a string); list[0] was undefined.',
    );
  });

  it('caps the names and counts the rest', async () => {
    const sb = await sandbox();
    const result = expectOk(
      await sb.run(
        'export async function exec() { const o = {}; for (let i = 0; i < 9; i++) o["k" + i] = undefined; return { o } }',
      ),
    );
    expect(result.dropped).toBe(
      'Not JSON, so dropped or converted: o.k0 was undefined; o.k1 was undefined; o.k2 was undefined; ' +
        'o.k3 was undefined; o.k4 was undefined (and 4 more).',
    );
  });

  it('says nothing for plain JSON or an exec() that returns nothing', async () => {
    const sb = await sandbox();
    expect(
      expectOk(await sb.run('export async function exec() { return { a: [1, "x", null] } }')).dropped,
    ).toBeUndefined();
    expect(expectOk(await sb.run('export async function exec() {}')).dropped).toBeUndefined();
  });
});
