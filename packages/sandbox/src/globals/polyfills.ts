// Web globals the QuickJS build lacks (checked: it has none of these), in plain guest JavaScript. Parsing
// them costs milliseconds, so each group is evaluated only when a program first touches one of its names.
// Each source evaluates to a function of the prelude's captured intrinsics returning the group's globals.

const TEXT = String.raw`
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') {
      const s = StringCtor(input); const out = [];
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd;
        } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(out);
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8') {
      const l = StringCtor(label).toLowerCase();
      if (l !== 'utf-8' && l !== 'utf8') throw new RangeError('TextDecoder supports only utf-8, got ' + l);
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      const b = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      let out = ''; let i = 0;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
      while (i < b.length) {
        const c = b[i];
        let cp = 0xfffd, n = 1;
        if (c < 0x80) cp = c;
        else if (c >= 0xc2 && c < 0xe0 && (b[i + 1] & 0xc0) === 0x80) { cp = ((c & 31) << 6) | (b[i + 1] & 63); n = 2; }
        else if (c >= 0xe0 && c < 0xf0 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) { cp = ((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); n = 3; if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd; }
        else if (c >= 0xf0 && c < 0xf5 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) { cp = ((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63); n = 4; if (cp < 0x10000 || cp > 0x10ffff) cp = 0xfffd; }
        out += StringCtor.fromCodePoint(cp); i += n;
      }
      return out;
    }
  }
  out.TextEncoder = TextEncoder; out.TextDecoder = TextDecoder;
`;

const BASE64 = String.raw`
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function invalidChar(api) { const e = new Error(api + ': the string contains characters outside of the Latin1 range or is not valid base64'); e.name = 'InvalidCharacterError'; return e; }
out.btoa = function btoa(input) {
  const s = StringCtor(input); let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) throw invalidChar('btoa');
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < s.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < s.length ? B64[n & 63] : '=');
  }
  return out;
};
out.atob = function atob(input) {
  let s = StringCtor(input).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalidChar('atob');
  let out = ''; let bits = 0, acc = 0;
  for (let i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s[i]); bits += 6;
    if (bits >= 8) { bits -= 8; out += StringCtor.fromCharCode((acc >> bits) & 255); }
  }
  return out;
};
`;

const CLONE = String.raw`
out.structuredClone = function structuredClone(value) {
  const seen = new Map();
  function fail(what) { const e = new Error(what + ' could not be cloned'); e.name = 'DataCloneError'; return e; }
  function clone(v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol')) return v;
    if (typeof v === 'function') throw fail('A function');
    if (typeof v === 'symbol') throw fail('A symbol');
    if (seen.has(v)) return seen.get(v);
    const tag = tagOf(v);
    let out;
    if (tag === 'Date') out = new Date(dateGetTime.call(v));
    else if (tag === 'RegExp') out = new RegExp(v.source, v.flags);
    else if (tag === 'ArrayBuffer') out = v.slice(0);
    else if (TypedArrayProto.isPrototypeOf(v)) out = new v.constructor(v);
    else if (tag === 'Map') { out = new Map(); seen.set(v, out); for (const [k, x] of ArrayFrom(mapEntries.call(v))) out.set(clone(k), clone(x)); return out; }
    else if (tag === 'Set') { out = new Set(); seen.set(v, out); for (const x of ArrayFrom(setValues.call(v))) out.add(clone(x)); return out; }
    else if (errorProto.isPrototypeOf(v)) { out = new Error(v.message); out.name = v.name; }
    else if (isArray(v)) { out = []; seen.set(v, out); for (let i = 0; i < v.length; i++) out[i] = clone(v[i]); return out; }
    else if (tag === 'Object' || tag === 'Arguments') { out = {}; seen.set(v, out); for (const k of keysOf(v)) out[k] = clone(v[k]); return out; }
    else throw fail('A ' + tag);
    seen.set(v, out);
    return out;
  }
  return clone(value);
};
`;

const URL_SOURCE = String.raw`
class URLSearchParams {
  #list = [];
  constructor(init = '') {
    if (typeof init === 'string') this.#parse(init);
    else if (isArray(init)) for (const [k, v] of init) this.#list.push([StringCtor(k), StringCtor(v)]);
    else if (init && typeof init === 'object') for (const k of keysOf(init)) this.#list.push([k, StringCtor(init[k])]);
  }
  #parse(s) {
    this.#list = [];
    for (const part of s.replace(/^\?/, '').split('&')) {
      if (!part) continue;
      const i = part.indexOf('=');
      const dec = (x) => { try { return decodeURIComponent(x.replace(/\+/g, ' ')); } catch (e) { return x; } };
      this.#list.push(i < 0 ? [dec(part), ''] : [dec(part.slice(0, i)), dec(part.slice(i + 1))]);
    }
  }
  append(k, v) { this.#list.push([StringCtor(k), StringCtor(v)]); this._update?.(); }
  delete(k) { this.#list = this.#list.filter((e) => e[0] !== k); this._update?.(); }
  get(k) { const e = this.#list.find((x) => x[0] === k); return e ? e[1] : null; }
  getAll(k) { return this.#list.filter((x) => x[0] === k).map((x) => x[1]); }
  has(k) { return this.#list.some((x) => x[0] === k); }
  set(k, v) {
    const i = this.#list.findIndex((x) => x[0] === k);
    if (i < 0) this.#list.push([StringCtor(k), StringCtor(v)]);
    else { this.#list[i] = [StringCtor(k), StringCtor(v)]; this.#list = this.#list.filter((x, j) => j <= i || x[0] !== k); }
    this._update?.();
  }
  sort() { this.#list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update?.(); }
  forEach(fn, self) { for (const [k, v] of this.#list) fn.call(self, v, k, this); }
  keys() { return this.#list.map((e) => e[0])[Symbol.iterator](); }
  values() { return this.#list.map((e) => e[1])[Symbol.iterator](); }
  entries() { return this.#list.map((e) => [e[0], e[1]])[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  get size() { return this.#list.length; }
  toString() {
    const enc = (x) => encodeURIComponent(x).replace(/%20/g, '+');
    return this.#list.map(([k, v]) => enc(k) + '=' + enc(v)).join('&');
  }
  _reset(s) { this.#parse(s); }
}
const SPECIAL = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };
const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(?:\/\/(?:([^:@\/?#]*)(?::([^@\/?#]*))?@)?(\[[^\]]*\]|[^:\/?#]*)(?::(\d*))?)?([^?#]*)(\?[^#]*)?(#.*)?$/;
function normalizePath(path) {
  const out = [];
  for (const seg of path.split('/').slice(1)) {
    if (seg === '..') { if (out.length) out.pop(); }
    else if (seg !== '.') out.push(seg);
  }
  const last = path.split('/').pop();
  if (last === '.' || last === '..') out.push('');
  return '/' + out.join('/');
}
function invalidUrl(input) { return new TypeError('Invalid URL: ' + input); }
class URL {
  #protocol = ''; #username = ''; #password = ''; #hostname = ''; #port = ''; #pathname = ''; #search = ''; #hash = '';
  #params;
  constructor(input, base) {
    const s = StringCtor(input).trim();
    let m = URL_RE.exec(s);
    if (!m || (m[1].toLowerCase() in SPECIAL && m[4] === undefined && m[1].toLowerCase() !== 'file:')) {
      if (base === undefined) throw invalidUrl(s);
      const b = base instanceof URL ? base : new URL(base);
      this.#protocol = b.protocol; this.#username = b.username; this.#password = b.password; this.#hostname = b.hostname; this.#port = b.port;
      const r = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(s);
      if (s.startsWith('//')) { const u = new URL(b.protocol + s); this.#hostname = u.hostname; this.#port = u.port; this.#pathname = u.pathname; this.#search = u.search; this.#hash = u.hash; }
      else if (r[1] === '') { this.#pathname = b.pathname; this.#search = r[2] === undefined ? b.search : r[2]; this.#hash = r[3] || ''; }
      else {
        const dir = r[1].startsWith('/') ? '' : b.pathname.replace(/[^/]*$/, '');
        this.#pathname = normalizePath((dir || '') + (r[1].startsWith('/') ? r[1] : r[1]));
        if (!this.#pathname.startsWith('/')) this.#pathname = '/' + this.#pathname;
        this.#search = r[2] || ''; this.#hash = r[3] || '';
      }
    } else {
      this.#protocol = m[1].toLowerCase();
      this.#username = m[2] || ''; this.#password = m[3] || '';
      this.#hostname = (m[4] || '').toLowerCase();
      this.#port = m[5] && m[5] !== SPECIAL[this.#protocol] ? StringCtor(+m[5]) : '';
      const special = this.#protocol in SPECIAL;
      this.#pathname = m[4] !== undefined || special ? normalizePath(m[6] || '/') : (m[6] || '');
      this.#search = m[7] && m[7] !== '?' ? m[7] : ''; this.#hash = m[8] && m[8] !== '#' ? m[8] : '';
    }
    this.#pathname = this.#pathname.replace(/[ "<>\x60{}]/g, (c) => encodeURIComponent(c));
    this.#search = this.#search.replace(/[ "<>]/g, (c) => encodeURIComponent(c));
  }
  get protocol() { return this.#protocol; } set protocol(v) { this.#protocol = StringCtor(v).replace(/:?$/, ':').toLowerCase(); }
  get username() { return this.#username; } set username(v) { this.#username = StringCtor(v); }
  get password() { return this.#password; } set password(v) { this.#password = StringCtor(v); }
  get hostname() { return this.#hostname; } set hostname(v) { this.#hostname = StringCtor(v).toLowerCase(); }
  get port() { return this.#port; } set port(v) { this.#port = StringCtor(v) === SPECIAL[this.#protocol] ? '' : StringCtor(v); }
  get host() { return this.#hostname + (this.#port ? ':' + this.#port : ''); }
  set host(v) { const [h, p] = StringCtor(v).split(':'); this.hostname = h; this.port = p || ''; }
  get origin() { return this.#protocol in SPECIAL && this.#protocol !== 'file:' ? this.#protocol + '//' + this.host : 'null'; }
  get pathname() { return this.#pathname; } set pathname(v) { const p = StringCtor(v); this.#pathname = p.startsWith('/') ? p : '/' + p; }
  get search() { return this.#search; }
  set search(v) { const q = StringCtor(v); this.#search = q === '' || q === '?' ? '' : q.startsWith('?') ? q : '?' + q; this.#params?._reset(this.#search); }
  get hash() { return this.#hash; } set hash(v) { const h = StringCtor(v); this.#hash = h === '' || h === '#' ? '' : h.startsWith('#') ? h : '#' + h; }
  get searchParams() {
    if (!this.#params) {
      this.#params = new URLSearchParams(this.#search);
      this.#params._update = () => { const q = this.#params.toString(); this.#search = q ? '?' + q : ''; };
    }
    return this.#params;
  }
  get href() {
    const auth = this.#username ? this.#username + (this.#password ? ':' + this.#password : '') + '@' : '';
    const hasHost = this.#hostname !== '' || this.#protocol in SPECIAL;
    return this.#protocol + (hasHost ? '//' + auth + this.host : '') + this.#pathname + this.#search + this.#hash;
  }
  set href(v) { const u = new URL(v); this.#protocol = u.protocol; this.#username = u.username; this.#password = u.password; this.#hostname = u.hostname; this.#port = u.port; this.#pathname = u.pathname; this.#search = u.search; this.#hash = u.hash; this.#params = undefined; }
  toString() { return this.href; }
  toJSON() { return this.href; }
  static canParse(input, base) { try { new URL(input, base); return true; } catch (e) { return false; } }
}
out.URL = URL; out.URLSearchParams = URLSearchParams;
`;

function group(body: string): string {
  return `(function (t) {
'use strict';
const { StringCtor, tagOf, isArray, keysOf, dateGetTime, mapEntries, setValues, errorProto, ArrayFrom, TypedArrayProto } = t;
const out = {};
${body}
return out;
})`;
}

/** Global name → group; the groups' sources, by group name. */
export const POLYFILLS: Record<string, { names: string[]; source: string }> = {
  text: { names: ['TextEncoder', 'TextDecoder'], source: group(TEXT) },
  base64: { names: ['atob', 'btoa'], source: group(BASE64) },
  clone: { names: ['structuredClone'], source: group(CLONE) },
  url: { names: ['URL', 'URLSearchParams'], source: group(URL_SOURCE) },
};
