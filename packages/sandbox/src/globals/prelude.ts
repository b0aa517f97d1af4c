// Guest-side JavaScript evaluated in every fresh context before the user's modules. It captures the
// intrinsics it relies on before any user code runs, so a user who replaces JSON.stringify or
// Array.prototype.push only breaks their own program, never the result conversion.

import { POLYFILLS } from './polyfills.js';

const LAZY_GLOBALS = JSON.stringify(
  Object.fromEntries(Object.entries(POLYFILLS).map(([group, { names }]) => [group, names])),
);

/** File name of the prelude in guest stacks; frames from it are dropped from user-facing stacks. */
export const PRELUDE_FILE = '<runbyte>';

/**
 * Evaluates to a function taking the raw native bridges and returning the helpers the host calls.
 * Raw bridges never become globals: only the wrappers below are reachable from user code.
 */
export const PRELUDE_SOURCE = `(function (rawLog, rawHostCall, rawSetTimer, rawClearTimer, rawPolyfill, rawCompile, hostNames) {
'use strict';
const G = globalThis;
const stringify = JSON.stringify, parse = JSON.parse;
const isArray = Array.isArray, keysOf = Object.keys, getProto = Object.getPrototypeOf;
const isFinite = Number.isFinite, is = Object.is;
const defineProperty = Object.defineProperty;
const toStr = Object.prototype.toString;
const dateToISO = Date.prototype.toISOString, dateGetTime = Date.prototype.getTime;
const mapEntries = Map.prototype.entries, setValues = Set.prototype.values;
const errorProto = Error.prototype;
const PromiseCtor = Promise, then = Promise.prototype.then;
const ArrayFrom = Array.from;
const TypedArrayProto = getProto(Uint8Array.prototype);
const StringCtor = String;

function tagOf(v) { return toStr.call(v).slice(8, -1); }
function safeString(v) {
  try { return StringCtor(v); }
  catch (e) { try { return '[' + tagOf(v) + ']'; } catch (x) { return '[value]'; } }
}

// Plain JSON (null, strings, booleans, finite numbers, arrays and plain objects of those, not deep)
// converts with the native JSON.stringify; anything else goes to the full converter, compiled on first
// need (convert.ts). A getter or proxy trap of a value that is not plain runs again there.
const ObjectProto = Object.prototype, ArrayProto = Array.prototype;
function plain(v, depth) {
  if (v === null) return true;
  switch (typeof v) {
    case 'string': case 'boolean': return true;
    case 'number': return v - v === 0;
    case 'object': break;
    default: return false;
  }
  if (depth > 32) return false;
  const proto = getProto(v);
  if (proto === ArrayProto) {
    if (!isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false;
    return true;
  }
  if ((proto !== ObjectProto && proto !== null) || typeof v.toJSON === 'function') return false;
  const keys = keysOf(v);
  for (let i = 0; i < keys.length; i++) if (!plain(v[keys[i]], depth + 1)) return false;
  return true;
}
let full;
function converter() {
  if (!full) full = rawCompile('convert', { stringify, isArray, keysOf, defineProperty, tagOf, safeString, describeThrown,
    dateToISO, dateGetTime, mapEntries, setValues, errorProto, ArrayFrom, TypedArrayProto, isFinite, is });
  return full;
}
// A getter or trap that throws is reported by the full converter, which says where.
function isPlain(value) { try { return plain(value, 0); } catch (e) { return false; } }
function toJson(value) { return isPlain(value) ? stringify(value) : converter().toJson(value); }

function describeThrown(e) {
  try {
    if (e !== null && typeof e === 'object' && errorProto.isPrototypeOf(e)) return safeString(e.name) + ': ' + safeString(e.message);
    if (typeof e === 'string') return e;
    const json = toJson(e);
    return json === undefined ? safeString(e) : json;
  } catch (inner) { return '[' + tagOf(e) + ']'; }
}

// The returned value as JSON text, or (not plain) what the full converter reports.
function serializeResult(value) {
  if (value === undefined) return undefined;
  if (isPlain(value)) try { return stringify(value); } catch (e) { /* changed under a getter: see below */ }
  return converter().serializeResult(value);
}

// Describes a thrown value for the host: never throws itself. User traps and getters that throw make
// the description poorer, never a failure; only an allocation failure makes it fail.
function describeError(e) {
  let out;
  try {
    if (e !== null && typeof e === 'object' && errorProto.isPrototypeOf(e)) {
      let stack = '';
      try { stack = typeof e.stack === 'string' ? e.stack : ''; } catch (x) {}
      out = { isError: true, name: safeString(e.name), message: safeString(e.message), stack: stack };
    } else {
      out = { isError: false, message: describeThrown(e) };
    }
  } catch (x) {
    let tag = 'value';
    try { tag = tagOf(e); } catch (y) {}
    out = { isError: false, message: '[' + tag + ']' };
  }
  try { return stringify(out); }
  catch (x) { return '{"isError":false,"message":"[unprintable value]","failed":true}'; }
}

function importEntry(name) { return import(name); }

// console
function formatArg(v) {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && errorProto.isPrototypeOf(v)) {
    let stack = ''; try { stack = typeof v.stack === 'string' ? v.stack : ''; } catch (x) {}
    return safeString(v.name) + ': ' + safeString(v.message) + (stack ? '\\n' + stack.replace(/\\n$/, '') : '');
  }
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
  if (typeof v === 'symbol' || typeof v === 'bigint') return safeString(v) + (typeof v === 'bigint' ? 'n' : '');
  try { const json = toJson(v); return json === undefined ? safeString(v) : json; }
  catch (e) { return '[' + tagOf(v) + ']'; }
}
let logFull = false;
const helpers = { serializeResult, describeError, importEntry, droppedLogs: 0 };
function makeLogger(level) {
  return function () {
    if (logFull) { helpers.droppedLogs++; return; }
    let message = '';
    for (let i = 0; i < arguments.length; i++) message += (i ? ' ' : '') + formatArg(arguments[i]);
    if (rawLog(level, message) === false) { logFull = true; helpers.droppedLogs++; }
  };
}
const consoleObject = {};
for (const level of ['log', 'info', 'warn', 'error', 'debug']) consoleObject[level] = makeLogger(level);
consoleObject.trace = consoleObject.debug;
G.console = consoleObject;

// timers
function checkCallback(fn, api) { if (typeof fn !== 'function') throw new TypeError(api + ' needs a function; strings of code are not run'); }
G.setTimeout = function setTimeout(fn, ms, ...args) { checkCallback(fn, 'setTimeout'); return rawSetTimer(() => fn(...args), +ms || 0, false); };
G.setInterval = function setInterval(fn, ms, ...args) { checkCallback(fn, 'setInterval'); return rawSetTimer(() => fn(...args), +ms || 0, true); };
G.clearTimeout = function clearTimeout(id) { if (typeof id === 'number') rawClearTimer(id); };
G.clearInterval = function clearInterval(id) { if (typeof id === 'number') rawClearTimer(id); };
G.queueMicrotask = function queueMicrotask(fn) { checkCallback(fn, 'queueMicrotask'); then.call(PromiseCtor.resolve(), () => fn()); };

// host functions
function parseReply(reply) { return reply === undefined ? undefined : parse(reply); }
for (const name of hostNames) {
  const fn = { [name]: function () {
    let json;
    try { json = toJson(ArrayFrom(arguments)); }
    catch (e) { return PromiseCtor.reject(new TypeError(name + ': arguments must be JSON-compatible: ' + describeThrown(e))); }
    return then.call(rawHostCall(name, json), parseReply);
  } }[name];
  defineProperty(G, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

// Web globals, evaluated on first use.
const indirectEval = G.eval;
const tools = { StringCtor, tagOf, isArray, keysOf, dateGetTime, mapEntries, setValues, errorProto, ArrayFrom, TypedArrayProto };
const lazyGroups = ${LAZY_GLOBALS};
for (const group of keysOf(lazyGroups)) {
  let loaded;
  const load = () => {
    if (!loaded) {
      loaded = indirectEval(rawPolyfill(group))(tools);
      for (const n of lazyGroups[group]) defineProperty(G, n, { value: loaded[n], writable: true, configurable: true, enumerable: false });
    }
    return loaded;
  };
  for (const n of lazyGroups[group]) {
    defineProperty(G, n, {
      configurable: true, enumerable: false,
      get() { return load()[n]; },
      set(v) { defineProperty(G, n, { value: v, writable: true, configurable: true, enumerable: false }); },
    });
  }
}

return helpers;
})`;
