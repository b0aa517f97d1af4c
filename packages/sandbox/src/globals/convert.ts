// The full conversion of guest values to JSON data (Map, Set, Date, Error, typed arrays, cycles, lossy
// notes), compiled into a context only when a value is not plain JSON: parsing it costs about a
// millisecond per run, and most values (a tool's arguments, a number) are plain. It works only through
// the intrinsics the prelude captured before user code ran, handed in as `t`.

/** Evaluates to a function of the prelude's captured intrinsics returning { toJson, serializeResult }. */
export const CONVERT_SOURCE = String.raw`(function (t) {
'use strict';
const { stringify, isArray, keysOf, defineProperty, tagOf, safeString, describeThrown, dateToISO, dateGetTime,
  mapEntries, setValues, errorProto, ArrayFrom, TypedArrayProto, isFinite, is } = t;
// A key named "__proto__" is data in JSON; an assignment would set the prototype and lose it.
function setOwn(o, k, v) {
  if (k === '__proto__') defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
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
      if (isFinite(value)) return is(value, -0) ? 0 : value;
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

return { toJson, serializeResult };
})`;
