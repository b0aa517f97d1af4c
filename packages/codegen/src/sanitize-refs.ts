// The `$ref`s of a sanitized copy, once the whole schema is walked: each points at a schema that was kept,
// or becomes `unknown` with a note (external, missing, or defined only in terms of itself).
import type { JsonSchemaObject } from './sanitize.js';
import { appendToDescription } from './sanitize-text.js';

export interface PendingRef {
  node: JsonSchemaObject;
  /** Where the node with the `$ref` is. */
  at: string;
  ref: string;
}

/** What the walk of the schema learnt, for resolving its `$ref`s. */
export interface RefGraph {
  pending: PendingRef[];
  /** Every position in the copy that holds a schema (a `$ref` target must be one). */
  positions: Set<string>;
  /** For each schema, its anyOf/oneOf/allOf members: the schemas that *are* it. */
  members: Map<string, string[]>;
  /** Positions holding nothing but a `$ref` (and words). */
  aliases: Set<string>;
  /** A `$ref` target in the original document → its place in the copy. */
  relocate: (pointer: string) => string;
}

/** Points every pending `$ref` into the copy (prefixed by `refPrefix`), or types it as unknown with a note. */
export function resolveRefs(graph: RefGraph, refPrefix: string, label: string, note: (text: string) => void): void {
  const { pending, positions, members, aliases, relocate } = graph;
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
