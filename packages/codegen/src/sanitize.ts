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
// The text rules are in sanitize-text.ts, the `$ref` rules in sanitize-refs.ts; this file walks the schema.
import { isObject } from '@runbyte/utils';
import { escapeCommentText } from './jsdoc.js';
import {
  appendToDescription,
  COMMENT_KEYED,
  copyValue,
  escapePointerSegment,
  formatDefault,
  setKey,
} from './sanitize-text.js';
import { resolveRefs, type PendingRef } from './sanitize-refs.js';

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
  resolveRefs({ pending, positions, members, aliases, relocate }, refPrefix, label, note);
  return { schema: root, notes };
}
