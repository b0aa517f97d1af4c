// JSON Schema → TypeScript declarations for one tool, with json-schema-to-typescript.
//
// The input and output schemas are compiled together, in one document, so that named types from both
// (their `$defs`) share one namespace and never collide: the input schema is the root (`Args`) and the
// output schema sits in its `$defs` under a reserved key (`Result`).

import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { sanitizeSchema, type JsonSchemaObject } from './sanitize.js';

export const ARGS_TYPE = 'Args';
export const RESULT_TYPE = 'Result';
/** Names a `$defs` entry may not take, because the tool file declares or uses them itself. */
const RESERVED_TYPE_NAMES = new Set(['args', 'result', 'promise', 'record']);
const RESULT_KEY_BASE = '__runbyte_result';

export interface ToolTypes {
  /** Declarations of `Args` and `Result` (and any named types they use), formatted. */
  code: string;
  /** True when `{}` is a valid `Args`, so the function can be called without an argument. */
  argsOptional: boolean;
  /** Things the reader should know: refused `$ref`s, schemas that could not be converted. */
  notes: string[];
  /** Whether `Result` comes from the tool's output schema. */
  resultDeclared: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileOptions(rootName: string, resultKey: string | undefined) {
  return {
    bannerComment: '',
    // Formatting with prettier costs ~10x the rest of compile() (see README); `reindent` below
    // gives the output readable indentation at a fraction of the cost.
    format: false,
    // Objects without `additionalProperties` get no `[k: string]: unknown` index signature: it would
    // add a line to every object type and hide misspelt property names from the reader.
    additionalProperties: false,
    // Bounded arrays stay `T[]` (with `@minItems`/`@maxItems` in the JSDoc) instead of a union of tuples.
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: true,
    unknownAny: true,
    strictIndexSignatures: false,
    enableConstEnums: false,
    // All `$ref`s left after sanitizing are local; this only makes sure nothing is ever read.
    $refOptions: { resolve: { external: false } },
    customName: (schema: JSONSchema, keyName: string | undefined): string | undefined => {
      // Sanitizing removed every title, so the only one left is the one we put on the output schema.
      if (resultKey !== undefined && schema.title === RESULT_TYPE) return RESULT_TYPE;
      const name = keyName ?? (typeof schema.$id === 'string' ? schema.$id : undefined);
      // Only the roots may be called Args/Result; a `$defs` entry with such a name gets a suffix.
      if (name !== undefined && schema.$id !== rootName) {
        const plain = name.replace(/[^A-Za-z0-9]/g, '').replace(/^[0-9]+/, '').toLowerCase();
        if (RESERVED_TYPE_NAMES.has(plain)) return `${name}Def`;
      }
      return undefined;
    },
  };
}

/** json-schema-to-typescript marks where each named type came from; for readers that is noise. */
const PROVENANCE = /\n \* This (?:interface|type) was referenced by `[^`\n]*`'s JSON-Schema(?: definition)?\n \* via the `definition` "[^\n]*"\./g;
/** ...except for pattern properties, where it is the only place the pattern shows. */
const PATTERN_PROVENANCE = /\n \* This (?:interface|type) was referenced by `[^`\n]*`'s JSON-Schema(?: definition)?\n \* via the `patternProperty` ("[^\n]*")\./g;

function tidy(code: string): string {
  return reindent(
    code
      .replace(PROVENANCE, '')
      .replace(PATTERN_PROVENANCE, (_, pattern: string) => `\n * Keys matching the pattern ${pattern}.`)
      .replace(/\/\*\*\n \*\/\n/g, '')
      .replace(/\{\n\s*\n\s*\}/g, '{}')
      // One-line comments on one line: halves the length of a typical Args interface.
      .replace(/\/\*\*\n \* ([^\n]*)\n \*\//g, (_, text: string) => `/** ${text.trim()} */`)
      .trim(),
  );
}

/**
 * Indents json-schema-to-typescript's unformatted output by bracket depth. Its output puts each
 * member on its own line, strings are JSON-quoted and comments are whole `/** ... *\/` lines, so
 * counting brackets outside strings and comments is exact.
 */
export function reindent(code: string): string {
  const out: string[] = [];
  // One entry per indentation level: how many brackets the line that opened it left open.
  const levels: number[] = [];
  let inComment = false;
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      out.push('');
      continue;
    }
    if (inComment || line.startsWith('/*')) {
      out.push('  '.repeat(levels.length) + (line.startsWith('*') ? ` ${line}` : line));
      inComment = !line.endsWith('*/');
      continue;
    }
    let own = 0;
    let indent: number | undefined;
    // Whether the line began by closing part, not all, of the top level (`} & {`, `} | {`).
    let reopened = false;
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
        continue;
      }
      const closes = ch === '}' || ch === ')' || ch === ']';
      if (!closes && ch !== ' ' && indent === undefined) indent = reopened ? levels.length - 1 : levels.length;
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '(' || ch === '[') own++;
      else if (closes) {
        if (own > 0) own--;
        else if (levels.length > 0) {
          const left = levels.pop()! - 1;
          if (left > 0) levels.push(left);
          reopened = indent === undefined && left > 0;
        }
      }
    }
    const depth = indent ?? levels.length;
    // A blank line between top-level declarations, as a formatter would put it.
    const previous = out[out.length - 1];
    if (depth === 0 && /^(export |\/\*)/.test(line) && previous !== undefined && previous !== '' && !previous.endsWith('*/')) out.push('');
    out.push('  '.repeat(depth) + unwrapParens(line));
    if (own > 0) {
      if (reopened && levels.length > 0) levels.push(levels.pop()! + own);
      else levels.push(own);
    }
  }
  return out.join('\n');
}

/**
 * `name?: ("a" | "b")` → `name?: "a" | "b"` (also `export type X = (...)`): json-schema-to-typescript wraps every union in
 * parentheses when it does not format; around a whole member type they only add noise.
 */
function unwrapParens(line: string): string {
  const match = /^((?:"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*)\??: |export type [A-Za-z_$][\w$]* = )\((.*)\)$/.exec(line);
  if (!match) return line;
  const inner = match[2]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      // The opening parenthesis closes before the end: `(a | b) & (c | d)`, leave it alone.
      if (--depth < 0) return line;
    }
  }
  return depth === 0 && !inString ? `${match[1]}${inner}` : line;
}

/** `{}` is a valid value of the root type: an object schema without required properties. */
function acceptsEmptyObject(schema: JsonSchemaObject): boolean {
  if (schema['$ref'] !== undefined || schema['anyOf'] || schema['oneOf'] || schema['allOf'] || schema['tsType']) return false;
  if (schema['enum'] !== undefined || schema['const'] !== undefined) return false;
  const type = schema['type'];
  const types = type === undefined ? ['object'] : Array.isArray(type) ? type : [type];
  if (!types.includes('object')) return false;
  return !Array.isArray(schema['required']) || schema['required'].length === 0;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Keep the note short and free of host paths (ref-parser errors can mention the cwd).
  return (text.split('\n')[0] ?? '').replace(/(?:\/[^\s/]+)+\/?/g, '<path>').slice(0, 200) || 'unknown error';
}

async function compileRoot(root: JsonSchemaObject, resultKey: string | undefined): Promise<string> {
  return tidy(await compile(root as JSONSchema, ARGS_TYPE, compileOptions(ARGS_TYPE, resultKey)));
}

function fallbackArgs(reason: string): string {
  return [
    '/**',
    ` * The input schema could not be converted to TypeScript (${reason}), so any object is accepted here.`,
    ' * Check the tool description for the arguments it expects.',
    ' */',
    `export type ${ARGS_TYPE} = Record<string, unknown>;`,
  ].join('\n');
}

export const UNDECLARED_RESULT_DOC = [
  'The tool declares no output schema, so the shape of its result is not known (see the function for how',
  'the result is unwrapped).',
]; 

function unknownResult(reason?: string): string {
  const lines = reason
    ? [`The output schema could not be converted to TypeScript (${reason}), so the result is typed as unknown.`]
    : UNDECLARED_RESULT_DOC;
  return ['/**', ...lines.map((l) => ` * ${l}`), ' */', `export type ${RESULT_TYPE} = unknown;`].join('\n');
}

/** The `Args`/`Result` declarations of one tool. Never throws: unconvertible schemas get permissive types. */
export async function toolTypes(inputSchema: unknown, outputSchema: unknown): Promise<ToolTypes> {
  const input = sanitizeSchema(isObject(inputSchema) ? inputSchema : { type: 'object' }, '', 'input schema');
  const root = input.schema;
  const argsOptional = acceptsEmptyObject(root);
  const notes = [...input.notes];

  if (!isObject(outputSchema)) {
    try {
      return { code: `${await compileRoot(root, undefined)}\n\n${unknownResult()}`, argsOptional, notes, resultDeclared: false };
    } catch (error) {
      const reason = errorText(error);
      notes.push(`The input schema could not be converted to TypeScript (${reason}).`);
      return { code: `${fallbackArgs(reason)}\n\n${unknownResult()}`, argsOptional: true, notes, resultDeclared: false };
    }
  }

  // The output schema goes into the input's definitions, its local `$ref`s re-pointed to match.
  const defsKey = isObject(root['$defs']) || !isObject(root['definitions']) ? '$defs' : 'definitions';
  const defs = (isObject(root[defsKey]) ? root[defsKey] : {}) as Record<string, unknown>;
  let resultKey = RESULT_KEY_BASE;
  for (let n = 2; Object.prototype.hasOwnProperty.call(defs, resultKey); n++) resultKey = `${RESULT_KEY_BASE}${n}`;
  const output = sanitizeSchema(outputSchema, `/${defsKey}/${resultKey}`, 'output schema');
  notes.push(...output.notes);
  const combined: JsonSchemaObject = { ...root, [defsKey]: { ...defs, [resultKey]: { ...output.schema, title: RESULT_TYPE } } };

  try {
    return { code: await compileRoot(combined, resultKey), argsOptional, notes, resultDeclared: true };
  } catch (combinedError) {
    // Find the half that fails; the other keeps its precise type. Only one of them is compiled by
    // json-schema-to-typescript, so their named types cannot collide.
    try {
      const argsCode = await compileRoot(root, undefined);
      const reason = errorText(combinedError);
      notes.push(`The output schema could not be converted to TypeScript (${reason}).`);
      return { code: `${argsCode}\n\n${unknownResult(reason)}`, argsOptional, notes, resultDeclared: false };
    } catch (error) {
      const reason = errorText(error);
      notes.push(`The input schema could not be converted to TypeScript (${reason}).`);
      const args = fallbackArgs(reason);
      try {
        const alone = sanitizeSchema(outputSchema, '', 'output schema').schema;
        const resultCode = tidy(await compile(alone as JSONSchema, RESULT_TYPE, compileOptions(RESULT_TYPE, undefined)));
        return { code: `${args}\n\n${resultCode}`, argsOptional: true, notes, resultDeclared: true };
      } catch (outputError) {
        const outputReason = errorText(outputError);
        notes.push(`The output schema could not be converted to TypeScript (${outputReason}).`);
        return { code: `${args}\n\n${unknownResult(outputReason)}`, argsOptional: true, notes, resultDeclared: false };
      }
    }
  }
}
