// Compiling sanitized schemas with json-schema-to-typescript.
//
// The input and output schemas are compiled together, as the `$defs` of one synthetic document whose
// root only refers to them, so that named types from both share one namespace and never collide. The
// root's own declaration is cut from the output; `Args` and `Result` are named by their titles (every
// other title is removed while sanitizing).

import { createRequire } from 'node:module';
import type { JsonSchemaObject } from './sanitize.js';
import { tidy } from './schema-tidy.js';

// json-schema-to-typescript's input type, spelled here: the package is bundled at build time, not installed.
type JSONSchema = JsonSchemaObject;

export const ARGS_TYPE = 'Args';
export const RESULT_TYPE = 'Result';
/** Where each schema sits in the synthetic document: sanitizeSchema points local `$ref`s there. */
export const ARGS_KEY = '__runbyte_args';
export const RESULT_KEY = '__runbyte_result';
/** Names a `$defs` entry may not take, because the tool file declares or uses them itself. */
const RESERVED_TYPE_NAMES = new Set(['args', 'result', 'promise', 'record', 'runbytetooltypes']);
const ROOT_TYPE = 'RunbyteToolTypes';

const COMPILE_OPTIONS = {
  bannerComment: '',
  // Formatting with prettier costs ~5x the rest of compile() (see README); `reindent` (schema-tidy.ts) gives the
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
export function loadCompiler(): Promise<Compiler> {
  compilerModule ??= Promise.resolve().then(
    () => (createRequire(import.meta.url)(VENDORED_COMPILER) as { compile: Compiler }).compile,
  );
  return compilerModule;
}

/** json-schema-to-typescript's `compile`; a parameter only so tests can make it fail on purpose. */
export type Compiler = (schema: JSONSchema, name: string, options: typeof COMPILE_OPTIONS) => Promise<string>;

/** Compiles sanitized schemas (their local `$ref`s already pointing into `/$defs/<key>`). */
export async function compileParts(
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
