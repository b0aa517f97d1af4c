// Hostile programs: escape attempts, pollution of bridged values and exhaustion of every resource. Each
// must end with the expected outcome, leave the host untouched, and leave the sandbox working.
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecutionErrorKind, JsonValue, RunOptions, RunResult } from '../src/index.js';
import { expectHealthy, sandbox } from './helpers.js';

interface Case {
  name: string;
  code: string;
  options?: RunOptions;
  /** Expected value on success, or a check of the value. */
  value?: JsonValue | ((value: JsonValue | null) => void);
  /** Expected error kind(s) on failure. */
  kind?: ExecutionErrorKind | ExecutionErrorKind[];
  message?: RegExp;
  check?: (result: RunResult) => void;
}

const hostSeen: JsonValue[] = [];
const echo = {
  echo: (args: JsonValue[]) => {
    hostSeen.push(args);
    return { reply: 'host', nested: { n: 1 } } as JsonValue;
  },
};
const fast = { timeoutMs: 400 };

const CASES: Case[] = [
  // --- escapes ---------------------------------------------------------------------------------------
  {
    name: 'Function constructor reaches only the guest global',
    code: "export function exec() { const g = (function(){}).constructor('return this')(); return [typeof g.process, typeof g.require, typeof g.module, g === globalThis] }",
    value: ['undefined', 'undefined', 'undefined', true],
  },
  {
    name: 'no Node, Deno, Bun, network or WebAssembly globals',
    code: 'export function exec() { return ["process","require","module","exports","fetch","XMLHttpRequest","WebSocket","WebAssembly","Deno","Bun","global","std","os","__dirname","Buffer"].filter((n) => typeof globalThis[n] !== "undefined") }',
    value: [],
  },
  {
    name: 'dynamic import of fs fails with a clear error',
    code: "export async function exec() { await import('fs') }",
    kind: 'runtime',
    message: /Cannot import "fs".*no file system, network or Node\.js module/,
  },
  {
    name: 'static import of node:child_process fails with a clear error',
    code: "import { execSync } from 'node:child_process';\nexport function exec() { return execSync('id') }",
    kind: 'runtime',
    message: /Cannot import "node:child_process"/,
  },
  {
    name: 'import of a host path fails',
    code: "export async function exec() { return import('/etc/passwd') }",
    kind: 'runtime',
    message: /Cannot import "\/etc\/passwd"/,
  },
  {
    name: 'constructor of a host function is the guest Function',
    code: "export function exec() { return echo.constructor('return [typeof process, typeof require]')() }",
    options: { hostFunctions: echo },
    value: ['undefined', 'undefined'],
  },
  {
    name: 'constructor of console.log is the guest Function',
    code: "export function exec() { return console.log.constructor('return typeof this.process')() }",
    value: 'undefined',
  },
  {
    name: 'new Function cannot name host objects',
    code: "export function exec() { return new Function('return process.env')() }",
    kind: 'runtime',
    message: /ReferenceError: 'process' is not defined/,
  },
  {
    name: 'the raw bridges are not reachable',
    code: 'export function exec() { return ["rawHostCall","rawLog","rawSetTimer","rawPolyfill","hostCall"].map((n) => typeof globalThis[n]) }',
    value: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined'],
  },
  {
    name: 'Error.prepareStackTrace does not expose host frames',
    code: "export function exec() { Error.prepareStackTrace = (e, s) => s; return String(new Error('x').stack).includes('node_modules') }",
    value: false,
  },
  {
    name: 'a host function result is a plain guest copy',
    code: 'export async function exec() { const r = await echo(); r.__proto__.polluted = 1; r.constructor.prototype.alsoPolluted = 2; Object.prototype.gx = 3; return [Object.getPrototypeOf(r) === Object.prototype, typeof r.constructor] }',
    options: { hostFunctions: echo },
    value: [true, 'function'],
  },
  {
    name: '__proto__ keys in host arguments do not pollute the host',
    code: 'export async function exec() { await echo(JSON.parse(\'{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}\')); return "sent" }',
    options: { hostFunctions: echo },
    value: 'sent',
  },
  {
    name: '__proto__ keys in the result do not pollute the host',
    code: 'export function exec() { return JSON.parse(\'{"__proto__": {"polluted": true}}\') }',
    value: (v) => expect(Object.getPrototypeOf(v)).toBe(Object.prototype),
  },
  {
    name: 'functions and cycles in host arguments arrive as placeholders',
    code: 'export async function exec() { const c = {}; c.c = c; await echo(() => 1, c); return "ok" }',
    options: { hostFunctions: echo },
    check: () => expect(hostSeen.at(-1)).toEqual(['[Function: anonymous]', { c: '[Circular: $[1]]' }]),
  },
  {
    name: 'replacing JSON.stringify does not change how the result is converted',
    code: 'export function exec() { JSON.stringify = () => "hacked"; Array.prototype.push = null; return { a: [1, 2] } }',
    value: { a: [1, 2] },
  },
  {
    name: 'replacing Promise.prototype.then does not break host calls',
    code: 'export async function exec() { const r = echo(); Promise.prototype.then = function () { throw new Error("no") }; return (await r).reply }',
    options: { hostFunctions: echo },
    value: 'host',
  },
  {
    name: 'calling a host function that was not given is a ReferenceError',
    code: 'export async function exec() { return __runbyte_callTool("github", "x", {}) }',
    kind: 'runtime',
    message: /ReferenceError: '__runbyte_callTool' is not defined/,
  },
  {
    name: 'a thrown Proxy with hostile traps gives a readable message',
    code: 'export function exec() { throw new Proxy({}, { get() { throw 1 }, ownKeys() { throw 2 }, getPrototypeOf() { throw 3 } }) }',
    kind: 'runtime',
    message: /^Uncaught non-Error value: /,
  },
  {
    name: 'an Error whose message getter throws gives a readable message',
    code: 'export function exec() { const e = new Error("x"); Object.defineProperty(e, "message", { get() { throw new Error("gotcha") } }); throw e }',
    kind: 'runtime',
    message: /Error/,
  },
  // --- CPU -------------------------------------------------------------------------------------------
  {
    name: 'while(true)',
    code: 'export function exec() { while (true) {} }',
    options: { limits: fast },
    kind: 'timeout',
  },
  {
    name: 'a loop that swallows the interrupt',
    code: 'export function exec() { for (;;) { try { while (true) {} } catch (e) {} } }',
    options: { limits: fast },
    kind: 'timeout',
  },
  {
    name: 'an endless async loop',
    code: 'export async function exec() { for (;;) await null }',
    options: { limits: fast },
    kind: 'timeout',
  },
  {
    name: 'a busy setInterval(0) that never ends',
    code: 'export function exec() { setInterval(() => { for (let i = 0; i < 1e5; i++); }, 0); return new Promise(() => {}) }',
    options: { limits: fast },
    kind: 'timeout',
  },
  {
    name: 'a catastrophic regular expression',
    code: 'export function exec() { return /^(a+)+$/.test("a".repeat(40) + "b") }',
    options: { limits: fast },
    kind: 'timeout',
  },
  // --- memory ----------------------------------------------------------------------------------------
  {
    name: 'string doubling',
    code: 'export function exec() { let s = "ab"; for (;;) s = s + s }',
    options: { limits: { memoryBytes: 32 << 20 } },
    kind: 'memory',
  },
  {
    name: 'objects until the limit',
    code: 'export function exec() { const a = []; for (;;) a.push({ a: [1, 2, 3], s: "x" + a.length }) }',
    options: { limits: { memoryBytes: 16 << 20 } },
    kind: ['memory', 'timeout'],
  },
  {
    name: 'a promise chain built in a loop',
    code: 'export function exec() { let p = Promise.resolve(); for (;;) p = p.then(() => {}) }',
    options: { limits: { memoryBytes: 16 << 20, timeoutMs: 2000 } },
    kind: ['memory', 'timeout'],
  },
  // --- stack -----------------------------------------------------------------------------------------
  {
    name: 'unbounded recursion',
    code: 'const f = (n) => f(n + 1) + 1;\nexport function exec() { return f(0) }',
    kind: 'stack',
  },
  {
    name: 'recursion through a getter',
    code: 'export function exec() { const o = { get x() { return this.x } }; return o.x }',
    kind: 'stack',
  },
  {
    name: 'recursion through toString',
    code: 'export function exec() { const o = {}; o.toString = () => String(o); return String(o) }',
    kind: 'stack',
  },
  {
    name: 'recursion that retries in catch',
    code: 'function f() { try { f() } catch { f() } }\nexport function exec() { f() }',
    options: { limits: fast },
    kind: ['stack', 'timeout'],
  },
  // --- job queue, timers, output, host calls, result -------------------------------------------------
  {
    name: 'a microtask flood',
    code: 'export function exec() { const f = () => { Promise.resolve().then(f); Promise.resolve().then(f) }; f(); return new Promise(() => {}) }',
    options: { limits: { timeoutMs: 400, memoryBytes: 32 << 20 } },
    kind: ['timeout', 'memory'],
  },
  {
    name: 'a timer flood',
    code: 'export function exec() { for (;;) setTimeout(() => {}, 1e9) }',
    kind: 'limit',
    message: /timers were pending/,
  },
  {
    name: 'an interval that keeps exec alive forever',
    code: 'export function exec() { setInterval(() => {}, 5); return new Promise(() => {}) }',
    options: { limits: fast },
    kind: 'timeout',
  },
  {
    name: 'a console flood',
    code: 'export function exec() { for (let i = 0; i < 2e5; i++) console.log("spam", i); return "done" }',
    check: (r) => {
      expect(r.ok).toBe(true);
      expect(r.logs.length).toBeLessThanOrEqual(1001);
      expect(r.logs.at(-1)!.message).toContain('console output truncated');
    },
  },
  {
    name: 'one huge log message',
    code: 'export function exec() { console.log("z".repeat(5e6)); return "done" }',
    check: (r) => {
      expect(r.ok).toBe(true);
      expect(r.logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThan(70_000);
    },
  },
  {
    name: 'a flood of host calls',
    code: 'export async function exec() { const calls = []; for (let i = 0; i < 1e5; i++) calls.push(echo(i)); await Promise.all(calls) }',
    options: {
      hostFunctions: { echo: () => new Promise<JsonValue>((resolve) => setTimeout(() => resolve(1), 1000)) },
      limits: { maxPendingHostCalls: 100 },
    },
    kind: 'limit',
    message: /host function calls were pending/,
  },
  {
    name: 'a huge result',
    code: 'export function exec() { return { rows: Array.from({ length: 1e5 }, (_, i) => ({ i, text: "row " + i })) } }',
    check: (r) => {
      expect(r.ok && r.truncated).toContain('result budget');
      expect(Buffer.byteLength(JSON.stringify(r.ok ? r.value : null))).toBeLessThanOrEqual(65_536);
    },
  },
  {
    name: 'a result nested too deeply',
    code: 'export function exec() { let o = {}; for (let i = 0; i < 10000; i++) o = { o }; return o }',
    kind: 'result',
    message: /nested deeper than 200 levels/,
  },
];

describe('adversarial programs', () => {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  afterAll(() => {
    // Nothing the guest did reached the host's prototypes.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('has at least 30 hostile programs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    // "recursion that retries in catch" unwinds an exponential number of interrupted retries: 29-33 s on
    // this shared 2-core machine (load ~10), at the edge of the default 30 s test timeout.
    it(c.name, { timeout: 90_000 }, async () => {
      const sb = await sandbox();
      const result = await sb.run(c.code, c.options);
      if (c.kind) {
        if (result.ok) throw new Error(`expected a ${String(c.kind)} failure, got ${JSON.stringify(result.value)}`);
        expect([c.kind].flat()).toContain(result.error.kind);
        expect(result.error.message).not.toMatch(/\/work\/|node_modules|quickjs-emscripten/);
        if (c.message) expect(result.error.message).toMatch(c.message);
      } else if (c.value !== undefined) {
        if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
        if (typeof c.value === 'function') c.value(result.value);
        else expect(result.value).toEqual(c.value);
      }
      c.check?.(result);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      await expectHealthy(sb);
    });
  }
});
