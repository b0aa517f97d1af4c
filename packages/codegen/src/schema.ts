// JSON Schema → TypeScript declarations for one tool, with json-schema-to-typescript.
//
// The input and output schemas are compiled together, as the `$defs` of one synthetic document whose
// root only refers to them, so that named types from both share one namespace and never collide. The
// root's own declaration is cut from the output; `Args` and `Result` are named by their titles (every
// other title is removed while sanitizing).

import { isObject } from '@runbyte/utils';
import { createRequire } from 'node:module';
import { escapeCommentText, jsdoc } from './jsdoc.js';
import { sanitizeSchema, type JsonSchemaObject } from './sanitize.js';

// json-schema-to-typescript's input type, spelled here: the package is bundled at build time, not installed.
type JSONSchema = JsonSchemaObject;

export const ARGS_TYPE = 'Args';
export const RESULT_TYPE = 'Result';
/** Names a `$defs` entry may not take, because the tool file declares or uses them itself. */
const RESERVED_TYPE_NAMES = new Set(['args', 'result', 'promise', 'record', 'runbytetooltypes']);
const ROOT_TYPE = 'RunbyteToolTypes';

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

const COMPILE_OPTIONS = {
  bannerComment: '',
  // Formatting with prettier costs ~5x the rest of compile() (see README); `reindent` below gives the
  // output readable indentation at a fraction of the cost.
  format: false,
  // Objects without `additionalProperties` get no `[k: string]: unknown` index signature: it would
  // add a line to every object type and hide misspelt property names from the reader.
  additionalProperties: false,
  // Bounded arrays stay `T[]` (with `@minItems`/`@maxItems` in the JSDoc) instead of a union of tuples.
  ignoreMinAndMaxItems: true,
  unreachableDefinitions: false,
  unknownAny: true,
  strictIndexSignatures: false,
  enableConstEnums: false,
  // All `$ref`s left after sanitizing are local; this only makes sure nothing is ever read.
  $refOptions: { resolve: { external: false } },
  customName: (schema: JSONSchema, keyName: string | undefined): string | undefined => {
    // Sanitizing removed every title, so the only ones left are ours: Args, Result, the root.
    if (schema.title === ARGS_TYPE || schema.title === RESULT_TYPE || schema.title === ROOT_TYPE) return schema.title;
    const name = keyName ?? (typeof schema.$id === 'string' ? schema.$id : undefined);
    // A `$defs` entry may not take (or shadow) a name the file declares or uses itself.
    if (name !== undefined) {
      const plain = name
        .replace(/[^A-Za-z0-9]/g, '')
        .replace(/^[0-9]+/, '')
        .toLowerCase();
      if (RESERVED_TYPE_NAMES.has(plain)) return `${name}Def`;
    }
    return undefined;
  },
};

const ARGS_KEY = '__runbyte_args';
const RESULT_KEY = '__runbyte_result';
const ROOT_START = new RegExp(`^export interface ${ROOT_TYPE} \\{\\n`, 'm');

/**
 * Cuts the synthetic root's declaration out of the output and returns the type text of its members:
 * usually just `Args`/`Result`, but json-schema-to-typescript inlines some types (`unknown`) instead
 * of declaring them under their title.
 */
function cutRoot(code: string): { code: string; members: Record<string, string> } {
  const match = ROOT_START.exec(code);
  if (!match) throw new Error('unexpected output from json-schema-to-typescript');
  const bodyStart = match.index + match[0].length;
  let depth = 0;
  let inString = false;
  let end = -1;
  const starts: Array<[string, number]> = [];
  for (let i = bodyStart; i < code.length && end < 0; i++) {
    const ch = code[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') {
      if (depth === 0) end = i;
      else depth--;
    } else if (depth === 0 && (i === bodyStart || code[i - 1] === '\n')) {
      const member = /^(args|result)\?*: /.exec(code.slice(i, i + 10));
      if (member) starts.push([member[1]!, i + member[0].length]);
    }
  }
  if (end < 0) throw new Error('unexpected output from json-schema-to-typescript');
  const members: Record<string, string> = {};
  starts.forEach(([name, from], k) => {
    const to = k + 1 < starts.length ? starts[k + 1]![1] - `${starts[k + 1]![0]}: `.length : end;
    members[name] = code.slice(from, to).trim();
  });
  return { code: code.slice(0, match.index) + code.slice(end + 1).replace(/^\n/, ''), members };
}

/**
 * A schema placed under the synthetic root with the given title. A root `$ref` (`{"$ref":
 * "#/$defs/Input", "$defs": {...}}`, common in generated schemas) would then point into its own
 * siblings, which the ref resolver cannot do; as the only member of an `allOf` it can.
 */
function titled(schema: JsonSchemaObject, title: string): JsonSchemaObject {
  const { $ref, ...rest } = schema;
  if ($ref === undefined) return { ...schema, title };
  return { ...rest, allOf: [{ $ref }, ...(Array.isArray(rest['allOf']) ? rest['allOf'] : [])], title };
}

// package.json's folder is one level above src/ and dist/, so this path serves both.
const VENDORED_COMPILER = '../dist/vendor/json-schema-to-typescript.cjs';

let compilerModule: Promise<Compiler> | undefined;

/**
 * json-schema-to-typescript loads on the first generation, not with the package: a process that only
 * lists servers never pays for it. It is the build's bundle of it without prettier (scripts/
 * vendor-compiler.mjs), which sits in dist/ both for the built package and for tests run from src/.
 */
function loadCompiler(): Promise<Compiler> {
  compilerModule ??= Promise.resolve().then(
    () => (createRequire(import.meta.url)(VENDORED_COMPILER) as { compile: Compiler }).compile,
  );
  return compilerModule;
}

/** json-schema-to-typescript's `compile`; a parameter only so tests can make it fail on purpose. */
export type Compiler = (schema: JSONSchema, name: string, options: typeof COMPILE_OPTIONS) => Promise<string>;

/** Compiles sanitized schemas (their local `$ref`s already pointing into `/$defs/<key>`). */
async function compileParts(
  compiler: Compiler,
  args: JsonSchemaObject | undefined,
  result: JsonSchemaObject | undefined,
): Promise<string> {
  const properties: Record<string, unknown> = {};
  const $defs: Record<string, unknown> = {};
  if (args) {
    $defs[ARGS_KEY] = titled(args, ARGS_TYPE);
    properties['args'] = { $ref: `#/$defs/${ARGS_KEY}` };
  }
  if (result) {
    $defs[RESULT_KEY] = titled(result, RESULT_TYPE);
    properties['result'] = { $ref: `#/$defs/${RESULT_KEY}` };
  }
  const root = {
    title: ROOT_TYPE,
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
    $defs,
  };
  const { code, members } = cutRoot(await compiler(root as JSONSchema, ROOT_TYPE, COMPILE_OPTIONS));
  let declarations = code;
  for (const [key, name, wanted] of [
    ['args', ARGS_TYPE, args],
    ['result', RESULT_TYPE, result],
  ] as const) {
    if (!wanted) continue;
    const declared = new RegExp(`^export (?:interface|type) ${name}\\b`, 'm').test(declarations);
    const type = members[key];
    if (type !== undefined && type !== name && !declared)
      declarations = `${declarations}\nexport type ${name} = ${type}\n`;
    // Anything else means the output is not shaped as expected; the caller falls back to permissive types.
    else if (!declared || type !== name) throw new Error(`unexpected output from json-schema-to-typescript (${name})`);
  }
  return tidy(declarations);
}

/** json-schema-to-typescript marks where each named type came from; for readers that is noise. */
const PROVENANCE =
  /\n \* This (?:interface|type) was referenced by `[^`\n]*`'s JSON-Schema(?: definition)?\n \* via the `definition` "[^\n]*"\./g;
/** ...except for pattern properties, where it is the only place the pattern shows. */
const PATTERN_PROVENANCE =
  /\n \* This (?:interface|type) was referenced by `[^`\n]*`'s JSON-Schema(?: definition)?\n \* via the `patternProperty` ("[^\n]*")\./g;

function tidy(code: string): string {
  return reindent(
    code
      // Only string literals (keys, enum values) can still hold these: TypeScript reads them there as
      // line breaks, and JavaScript does not. As escapes the value is the same for both.
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029')
      .replace(PROVENANCE, '')
      .replace(
        PATTERN_PROVENANCE,
        (_, pattern: string) => `\n * Keys matching the pattern ${escapeCommentText(pattern)}.`,
      )
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
      const previous = out[out.length - 1];
      if (!inComment && levels.length === 0 && previous !== undefined && previous !== '' && !previous.endsWith('*/'))
        out.push('');
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
    if (
      depth === 0 &&
      /^(export |\/\*)/.test(line) &&
      previous !== undefined &&
      previous !== '' &&
      !previous.endsWith('*/')
    )
      out.push('');
    out.push('  '.repeat(depth) + unwrapParens(line));
    if (own > 0) {
      if (reopened && levels.length > 0) levels.push(levels.pop()! + own);
      else levels.push(own);
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
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
  if (schema['$ref'] !== undefined || schema['anyOf'] || schema['oneOf'] || schema['allOf'] || schema['tsType'])
    return false;
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

// The reason comes from an error message, which can quote the schema: it goes through jsdoc(), which
// escapes it like any other server text.
function fallbackArgs(reason: string): string {
  return [
    jsdoc([
      `The input schema could not be converted to TypeScript (${reason}), so any object is accepted here.`,
      'Check the tool description for the arguments it expects.',
    ]),
    `export type ${ARGS_TYPE} = Record<string, unknown>;`,
  ].join('\n');
}

function unknownResult(reason?: string): string {
  const lines = reason
    ? [`The output schema could not be converted to TypeScript (${reason}), so the result is typed as any.`]
    : [
        'The tool declares no output schema, so the shape of its result is not known (see the function for how',
        'the result is unwrapped).',
      ];
  // any, not unknown: reading the result's properties must type-check when Runbyte checks agent code.
  return [jsdoc(lines), `export type ${RESULT_TYPE} = any;`].join('\n');
}

/** The `Args`/`Result` declarations of one tool. Never throws: unconvertible schemas get permissive types. */
export async function toolTypes(inputSchema: unknown, outputSchema: unknown, compiler?: Compiler): Promise<ToolTypes> {
  compiler ??= await loadCompiler();
  const rawInput = isObject(inputSchema) ? inputSchema : { type: 'object' };
  const input = sanitizeSchema(rawInput, `/$defs/${ARGS_KEY}`, 'input schema');
  const argsOptional = acceptsEmptyObject(input.schema);
  const output = isObject(outputSchema)
    ? sanitizeSchema(outputSchema, `/$defs/${RESULT_KEY}`, 'output schema')
    : undefined;
  const notes = [...input.notes, ...(output?.notes ?? [])];

  let combinedError: unknown;
  try {
    const code = await compileParts(compiler, input.schema, output?.schema);
    return {
      code: output ? code : `${code}\n\n${unknownResult()}`,
      argsOptional,
      notes,
      resultDeclared: output !== undefined,
    };
  } catch (error) {
    combinedError = error;
    if (!output) {
      const reason = errorText(error);
      notes.push(`The input schema could not be converted to TypeScript (${reason}).`);
      return {
        code: `${fallbackArgs(reason)}\n\n${unknownResult()}`,
        argsOptional: true,
        notes,
        resultDeclared: false,
      };
    }
  }
  // Input and output together failed: find the half that fails, the other keeps its precise type.
  let argsCode: string;
  let argsOk = true;
  try {
    argsCode = await compileParts(compiler, input.schema, undefined);
  } catch (error) {
    const reason = errorText(error);
    notes.push(`The input schema could not be converted to TypeScript (${reason}).`);
    argsCode = fallbackArgs(reason);
    argsOk = false;
  }
  let resultCode: string;
  let resultOk = false;
  try {
    // Alone only when Args is the fallback: two compiles could declare the same type name twice.
    if (argsOk) throw combinedError;
    resultCode = await compileParts(compiler, undefined, output.schema);
    resultOk = true;
  } catch (error) {
    const reason = errorText(error);
    notes.push(`The output schema could not be converted to TypeScript (${reason}).`);
    resultCode = unknownResult(reason);
  }
  return {
    code: `${argsCode}\n\n${resultCode}`,
    argsOptional: argsOk ? argsOptional : true,
    notes,
    resultDeclared: resultOk,
  };
}
