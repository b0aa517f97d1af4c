// JSON Schema → TypeScript declarations for one tool: the sanitized schemas compiled (schema-compile.ts),
// and when that fails, permissive types for the half that failed so the other keeps its precise type.

import { isObject } from '@runbyte/utils';
import { jsdoc } from './jsdoc.js';
import { sanitizeSchema, type JsonSchemaObject } from './sanitize.js';
import {
  ARGS_KEY,
  ARGS_TYPE,
  compileParts,
  loadCompiler,
  RESULT_KEY,
  RESULT_TYPE,
  type Compiler,
} from './schema-compile.js';

export { ARGS_TYPE, RESULT_TYPE, type Compiler } from './schema-compile.js';

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
