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
export const PRELUDE_SOURCE = `(function (rawLog, rawHostCall, rawSetTimer, rawClearTimer, rawPolyfill, hostNames) {
'use strict';
const G = globalThis;
const stringify = JSON.stringify, parse = JSON.parse;
const isArray = Array.isArray, keysOf = Object.keys, getProto = Object.getPrototypeOf;
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
// A key named "__proto__" is data in JSON; an assignment would set the prototype and lose it.
function setOwn(o, k, v) {
  if (k === '__proto__') defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
function safeString(v) {
  try { return StringCtor(v); }
  catch (e) { try { return '[' + tagOf(v) + ']'; } catch (x) { return '[value]'; } }
}

class ResultError extends Error {}
defineProperty(ResultError.prototype, 'name', { value: 'ResultError' });

// Converts a guest value to JSON-compatible data by the documented rules.
let ancestorPaths = [];
// What the conversion dropped or changed, so the result can say so (a few names and a count).
let lossy = [], lossyCount = 0;
function noteLossy(path, what) {
  if (path === '$' && what === 'was undefined') return;
  lossyCount++;
  if (lossy.length < 5) lossy[lossy.length] = (path === '$' ? 'the result' : path.slice(path[1] === '.' ? 2 : 1)) + ' ' + what;
}
function toJsonData(value, ancestors, path, depth) {
  if (value === null) return null;
  switch (typeof value) {
    case 'string': case 'boolean': return value;
    case 'number':
      if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
      noteLossy(path, 'was ' + value + ' (sent as null)');
      return null;
    case 'bigint': noteLossy(path, 'was a BigInt (sent as a string)'); return value.toString();
    case 'undefined': noteLossy(path, 'was undefined'); return undefined;
    case 'symbol': noteLossy(path, 'was a symbol'); return '[Symbol: ' + (value.description || '') + ']';
    case 'function': noteLossy(path, 'was a function'); return '[Function: ' + (value.name || 'anonymous') + ']';
  }
  if (depth > 200) throw new ResultError('the value at ' + path + ' is nested deeper than 200 levels');
  // Plain loops and index writes instead of Array methods: the user may have replaced those.
  let seenAt = -1;
  for (let i = 0; i < ancestors.length; i++) if (ancestors[i] === value) { seenAt = i; break; }
  if (seenAt !== -1) return '[Circular: ' + ancestorPaths[seenAt] + ']';
  ancestors[ancestors.length] = value;
  ancestorPaths[ancestorPaths.length] = path;
  try {
    const tag = tagOf(value);
    if (tag === 'Date') { const t = dateGetTime.call(value); return t === t ? dateToISO.call(value) : null; }
    if (tag === 'RegExp') return safeString(value);
    if (tag === 'Error' || errorProto.isPrototypeOf(value)) {
      const out = { name: safeString(value.name), message: safeString(value.message) };
      for (const k of keysOf(value)) { const v = toJsonData(value[k], ancestors, path + '.' + k, depth + 1); if (v !== undefined) setOwn(out, k, v); }
      return out;
    }
    if (tag === 'Map') {
      const entries = ArrayFrom(mapEntries.call(value));
      const stringKeys = entries.every((e) => typeof e[0] === 'string' || typeof e[0] === 'number');
      if (stringKeys) {
        const out = {};
        for (const [k, v] of entries) { const c = toJsonData(v, ancestors, path + '.' + k, depth + 1); if (c !== undefined) setOwn(out, k, c); }
        return out;
      }
      return entries.map((e, i) => [toJsonData(e[0], ancestors, path + '[' + i + '][0]', depth + 1) ?? null, toJsonData(e[1], ancestors, path + '[' + i + '][1]', depth + 1) ?? null]);
    }
    if (tag === 'Set') return ArrayFrom(setValues.call(value)).map((v, i) => toJsonData(v, ancestors, path + '[' + i + ']', depth + 1) ?? null);
    if (tag === 'ArrayBuffer') return ArrayFrom(new Uint8Array(value));
    if (TypedArrayProto.isPrototypeOf(value)) return ArrayFrom(value, (v) => typeof v === 'bigint' ? v.toString() : v);
    if (tag === 'Promise') return '[Promise]';
    if (isArray(value)) {
      const out = [];
      const n = value.length;
      for (let i = 0; i < n; i++) out[i] = toJsonData(value[i], ancestors, path + '[' + i + ']', depth + 1) ?? null;
      return out;
    }
    if (typeof value.toJSON === 'function') return toJsonData(value.toJSON(), ancestors, path, depth + 1);
    const out = {};
    for (const k of keysOf(value)) {
      let v;
      try { v = value[k]; } catch (e) { throw new ResultError('reading ' + path + '.' + k + ' threw: ' + describeThrown(e)); }
      const c = toJsonData(v, ancestors, path + '.' + k, depth + 1);
      if (c !== undefined) setOwn(out, k, c);
    }
    return out;
  } finally { ancestors.length--; ancestorPaths.length--; }
}

function toJson(value) {
  ancestorPaths = [];
  const data = toJsonData(value, [], '$', 0);
  return data === undefined ? undefined : stringify(data);
}

function describeThrown(e) {
  try {
    if (e !== null && typeof e === 'object' && errorProto.isPrototypeOf(e)) return safeString(e.name) + ': ' + safeString(e.message);
    if (typeof e === 'string') return e;
    const json = toJson(e);
    return json === undefined ? safeString(e) : json;
  } catch (inner) { return '[' + tagOf(e) + ']'; }
}

// Serialises the returned value; a conversion failure is reported as such, never as the user's error.
function serializeResult(value) {
  try {
    lossy = []; lossyCount = 0;
    const json = toJson(value);
    return { ok: true, json: json, lossy: lossy, lossyCount: lossyCount };
  }
  catch (e) {
    if (e instanceof ResultError) return { ok: false, message: e.message };
    return { ok: false, message: 'converting it to JSON threw: ' + describeThrown(e) };
  }
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
