// Downstream servers send arbitrary JSON as schemas. Before json-schema-to-typescript sees one, it is
// copied keeping only the keywords that shape a TypeScript type, so that:
// - nothing reaches the network or disk: `$ref`s that leave the document are replaced by `unknown`
//   with a note, and local `$ref`s must point at a schema we kept (else `unknown` with a note);
// - nothing is pasted into the output verbatim: `tsType`/`tsEnumNames` (json-schema-to-typescript
//   extensions that inject raw TypeScript) and every other unknown keyword are dropped; the only
//   `tsType`s in the copy are our own constants (`unknown`, `never`);
// - titles and `$id`s do not name types: nested types stay inline and only `$defs` become named types,
//   which keeps the output short and the type names under our control;
// - `default` and `format` are kept as JSDoc, since TypeScript cannot say them;
// - no text can close a comment: descriptions (with everything appended to them) are escaped here, and
//   map keys that json-schema-to-typescript writes into comments (pattern properties, definitions) are
//   rewritten to one line without `*/`. Its own escaping replaces only the first `*/` of a key.
import { isObject } from '@runbyte/utils';
import { escapeCommentText } from './jsdoc.js';

export type JsonSchemaObject = Record<string, unknown>;

export interface SanitizeResult {
  schema: JsonSchemaObject;
  /** Problems the reader of the generated file should know about (refused `$ref`s, ...). */
  notes: string[];
}

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
// `$defs` before `definitions`: see the merge of the two below.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;
const MAX_DEPTH = 64;
const MAX_DEFAULT_CHARS = 200;

interface PendingRef {
  node: JsonSchemaObject;
  /** Where the node with the `$ref` is. */
  at: string;
  ref: string;
}

/** Sets a key without triggering the `__proto__` setter, so a property called `__proto__` survives. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON copy of a value (enum members, const, default): plain data, no shared references. */
function copyValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function appendToDescription(node: JsonSchemaObject, line: string): void {
  const current = typeof node['description'] === 'string' ? node['description'] : '';
  node['description'] = escapeCommentText(current ? `${current}\n${line}` : line);
}

/**
 * Keys of these maps are only ever names or patterns, never sent back to the server, and
 * json-schema-to-typescript writes some of them into comments: they are rewritten to one line that
 * cannot close a comment (a clash with another key gets a suffix).
 */
const COMMENT_KEYED: Partial<Record<string, (key: string) => string>> = {
  // As regular expressions the rewritten patterns match the same keys: `\uXXXX` for a control
  // character or line separator, `*\/` for `*/`.
  patternProperties: (key) =>
    key
      .replace(
        /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
      .replace(/\*\//g, '*\\/'),
  // Definition names end up in `$ref`s, where a backslash would not survive the ref resolver.
  $defs: definitionName,
  definitions: definitionName,
};

function definitionName(key: string): string {
  return key.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\*\//g, '* /');
}

function formatDefault(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_DEFAULT_CHARS ? `${text.slice(0, MAX_DEFAULT_CHARS - 1)}…` : text;
}

/**
 * Copies `schema`, keeping what shapes a type. `refPrefix` is a JSON pointer prepended to every local
 * `$ref`, for when the copy is placed inside another document (codegen compiles the input and output
 * schemas as `$defs` of one document). `label` names the schema in notes ("input schema", ...).
 */
export function sanitizeSchema(schema: unknown, refPrefix: string, label: string): SanitizeResult {
  const notes: string[] = [];
  const positions = new Set<string>();
  const pending: PendingRef[] = [];
  const stack = new Set<object>();
  // For each schema, the schemas that *are* it rather than describe a part of it: its anyOf/oneOf/
  // allOf members. A `$ref` cycle made only of these (`A = A | string`) is not a type TypeScript accepts.
  const members = new Map<string, string[]>();
  const aliases = new Set<string>();
  /** Where `definitions` entries merged into `$defs` were → where they are now. */
  const moved = new Map<string, string>();
  /** A `$ref` target in the original document → its place in the copy. */
  const relocate = (pointer: string): string => {
    for (const [from, to] of moved) {
      if (pointer === from || pointer.startsWith(`${from}/`)) return relocate(to + pointer.slice(from.length));
    }
    return pointer;
  };

  const note = (text: string): void => {
    if (!notes.includes(text)) notes.push(text);
  };

  const walk = (node: unknown, pointer: string, depth: number): JsonSchemaObject => {
    if (node === true || node === undefined) {
      positions.add(pointer);
      return { tsType: 'unknown' };
    }
    if (node === false) {
      positions.add(pointer);
      // `false` accepts nothing. json-schema-to-typescript has no spelling for that except this one,
      // which we produce ourselves (the server's own `tsType` is always dropped).
      return { tsType: 'never' };
    }
    if (!isObject(node)) return { tsType: 'unknown' };
    if (stack.has(node) || depth > MAX_DEPTH) {
      note(
        `Part of the ${label} is nested too deeply (or refers to itself by object identity) and is typed as unknown.`,
      );
      return { tsType: 'unknown' };
    }
    stack.add(node);
    positions.add(pointer);
    const out: JsonSchemaObject = {};

    if (typeof node['description'] === 'string' && node['description'].trim()) {
      out['description'] = escapeCommentText(node['description']).trim();
    }
    if (typeof node['deprecated'] === 'boolean') out['deprecated'] = node['deprecated'];
    if (node['nullable'] === true) out['nullable'] = true;

    const type = node['type'];
    if (typeof type === 'string' && TYPES.has(type)) out['type'] = type;
    else if (Array.isArray(type)) {
      const kept = [...new Set(type.filter((t): t is string => typeof t === 'string' && TYPES.has(t)))];
      if (kept.length > 0) out['type'] = kept;
    }
    if (Array.isArray(node['enum'])) out['enum'] = node['enum'].map(copyValue);
    if ('const' in node) out['const'] = copyValue(node['const']);
    if (Array.isArray(node['required'])) {
      out['required'] = [...new Set(node['required'].filter((r): r is string => typeof r === 'string'))];
    }

    // minItems/maxItems only feed the `@minItems`/`@maxItems` JSDoc json-schema-to-typescript writes;
    // inconsistent values would make it refuse the whole schema.
    const minItems = node['minItems'];
    const maxItems = node['maxItems'];
    const validCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (validCount(minItems) && (!validCount(maxItems) || minItems <= maxItems)) out['minItems'] = minItems;
    if (validCount(maxItems) && (!validCount(minItems) || minItems <= maxItems)) out['maxItems'] = maxItems;

    for (const key of SCHEMA_MAPS) {
      const map = node[key];
      if (!isObject(map)) continue;
      // json-schema-to-typescript refuses a schema with both `definitions` and `$defs`: the former
      // move into the latter (renamed on a clash), and `$ref`s to them follow (see `moved`).
      const into = key === 'definitions' && isObject(node['$defs']) ? '$defs' : key;
      const copy = (into === key ? {} : out['$defs']) as Record<string, unknown>;
      const names = new Set(Object.keys(map));
      // A renamed key never takes another key's name, so a moved `$ref` is never moved again.
      const taken = (target: string, name: string): boolean =>
        Object.prototype.hasOwnProperty.call(copy, target) || (target !== name && names.has(target));
      for (const name of names) {
        const safe = COMMENT_KEYED[key]?.(name) ?? name;
        let target = safe;
        for (let n = 2; taken(target, name); n++)
          target = into !== key ? `${safe}_definitions${n === 2 ? '' : n}` : `${safe}_${n}`;
        const at = `${pointer}/${into}/${escapePointerSegment(target)}`;
        if (into !== key || target !== name) moved.set(`${pointer}/${key}/${escapePointerSegment(name)}`, at);
        setKey(copy, target, walk(map[name], at, depth + 1));
      }
      out[into] = copy;
    }
    for (const key of SCHEMA_LISTS) {
      const list = node[key];
      if (!Array.isArray(list) || list.length === 0) continue;
      out[key] = list.map((item, i) => walk(item, `${pointer}/${key}/${i}`, depth + 1));
      members.set(pointer, [...(members.get(pointer) ?? []), ...list.map((_, i) => `${pointer}/${key}/${i}`)]);
    }

    const additional = node['additionalProperties'];
    if (typeof additional === 'boolean') out['additionalProperties'] = additional;
    else if (isObject(additional))
      out['additionalProperties'] = walk(additional, `${pointer}/additionalProperties`, depth + 1);

    // Tuples: draft 2020-12 spells them `prefixItems` + `items`, earlier drafts `items: [...]` +
    // `additionalItems`; json-schema-to-typescript reads the earlier spelling.
    const items = node['items'];
    const prefixItems = node['prefixItems'];
    if (Array.isArray(prefixItems)) {
      out['items'] = prefixItems.map((item, i) => walk(item, `${pointer}/prefixItems/${i}`, depth + 1));
      if (typeof items === 'boolean') out['additionalItems'] = items;
      else if (isObject(items)) out['additionalItems'] = walk(items, `${pointer}/items`, depth + 1);
    } else if (Array.isArray(items)) {
      out['items'] = items.map((item, i) => walk(item, `${pointer}/items/${i}`, depth + 1));
      const extra = node['additionalItems'];
      if (typeof extra === 'boolean') out['additionalItems'] = extra;
      else if (isObject(extra)) out['additionalItems'] = walk(extra, `${pointer}/additionalItems`, depth + 1);
    } else if (items === true || items === false || isObject(items)) {
      out['items'] = walk(items, `${pointer}/items`, depth + 1);
    }

    if (typeof node['format'] === 'string' && node['format']) appendToDescription(out, `Format: ${node['format']}`);
    if ('default' in node) appendToDescription(out, `@default ${formatDefault(node['default'])}`);

    const ref = node['$ref'];
    if (typeof ref === 'string') {
      pending.push({ node: out, at: pointer, ref });
      // Nothing but a `$ref` (and words): an alias, which `$ref`s to it skip (see below).
      if (Object.keys(out).every((k) => k === 'description' || k === 'deprecated')) aliases.add(pointer);
    }

    stack.delete(node);
    return out;
  };

  const root = walk(schema, '', 0);

  const targets = new Map<string, string>();
  for (const { at, ref } of pending) {
    const local = localPointer(ref);
    const pointer = local === undefined ? undefined : relocate(local);
    if (pointer !== undefined && positions.has(pointer)) targets.set(at, pointer);
  }
  // Does following only `$ref`s and union/intersection members from `from` lead back to `to`?
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length > 0) {
      const current = queue.pop()!;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      const target = targets.get(current);
      if (target !== undefined) queue.push(target);
      queue.push(...(members.get(current) ?? []));
    }
    return false;
  };

  const resolved: Array<{ node: JsonSchemaObject; pointer: string }> = [];
  for (const { node, at, ref } of pending) {
    const local = localPointer(ref);
    const pointer = local === undefined ? undefined : relocate(local);
    if (pointer === undefined) {
      note(
        `The ${label} refers to the external schema ${JSON.stringify(ref)}, which is not fetched (no network access while generating); that part is typed as unknown.`,
      );
      appendToDescription(node, `Refers to the external schema ${JSON.stringify(ref)}, not fetched: typed as unknown.`);
      node['tsType'] = 'unknown';
    } else if (!positions.has(pointer)) {
      note(
        `The ${label} refers to ${JSON.stringify(ref)}, which is not a schema in the same document; that part is typed as unknown.`,
      );
      appendToDescription(node, `Refers to ${JSON.stringify(ref)}, which does not exist: typed as unknown.`);
      node['tsType'] = 'unknown';
    } else if (reaches(pointer, at)) {
      // Broken here, so later `$ref`s of the same cycle see it gone and keep their types.
      targets.delete(at);
      note(
        `The ${label} defines ${JSON.stringify(ref)} in terms of itself (through $ref, anyOf, oneOf or allOf only); that part is typed as unknown.`,
      );
      appendToDescription(
        node,
        `Refers to ${JSON.stringify(ref)}, which is defined in terms of itself: typed as unknown.`,
      );
      node['tsType'] = 'unknown';
    } else {
      resolved.push({ node, pointer });
    }
  }
  // Point past aliases to what they name: the ref resolver mishandles chains of `$ref`s that end in
  // a recursive schema. Every cycle of aliases was broken above, so each chain ends.
  for (const { node, pointer } of resolved) {
    let target = pointer;
    while (aliases.has(target) && targets.has(target)) target = targets.get(target)!;
    // Only `%` is encoded: the resolver decodes each segment, and json-schema-to-typescript names a
    // referenced type after the `$ref` text (`c d` → `CD`; fully encoded it would be `C20D`).
    const $ref = `#${refPrefix}${target.replace(/%/g, '%25')}`;
    if (Object.keys(node).length === 0) {
      node['$ref'] = $ref;
    } else {
      // A `$ref` with siblings (a description, a default) becomes a merged copy in the ref resolver,
      // which it then fails to resolve inside recursive schemas; as the only `allOf` member it works
      // and yields the same type.
      const allOf = Array.isArray(node['allOf']) ? node['allOf'] : [];
      node['allOf'] = [{ $ref }, ...allOf];
    }
  }
  return { schema: root, notes };
}

/**
 * The JSON pointer (with `~0`/`~1` escapes, without percent-encoding) of a `$ref` into the same
 * document, or undefined when the `$ref` leaves it (another file, a URL, an anchor name we do not index).
 */
function localPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === '') return '';
  // `#name` anchors would need `$anchor` indexing; treated like a missing local target.
  if (!fragment.startsWith('/')) return `#${fragment}`;
  return fragment;
}
