// What the sanitized copy may carry as text: descriptions escaped so no text closes a comment, defaults
// shortened, and map keys that json-schema-to-typescript writes into comments or `$ref`s made safe.
import { escapeCommentText } from './jsdoc.js';
import type { JsonSchemaObject } from './sanitize.js';

const MAX_DEFAULT_CHARS = 200;

/** Sets a key without triggering the `__proto__` setter, so a property called `__proto__` survives. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON copy of a value (enum members, const, default): plain data, no shared references. */
export function copyValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

export function appendToDescription(node: JsonSchemaObject, line: string): void {
  const current = typeof node['description'] === 'string' ? node['description'] : '';
  node['description'] = escapeCommentText(current ? `${current}\n${line}` : line);
}

/**
 * Keys of these maps are only ever names or patterns, never sent back to the server, and
 * json-schema-to-typescript writes some of them into comments: they are rewritten to one line that
 * cannot close a comment (a clash with another key gets a suffix).
 */
export const COMMENT_KEYED: Partial<Record<string, (key: string) => string>> = {
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

export function formatDefault(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_DEFAULT_CHARS ? `${text.slice(0, MAX_DEFAULT_CHARS - 1)}…` : text;
}
