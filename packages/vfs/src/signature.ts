// One-line TypeScript signatures for search hits: the argument type inline, so a model can call the
// function from the hit alone. Follows the same reading of JSON Schema as codegen's `Args` (required
// keys plain, the rest optional, no index signature unless `additionalProperties` says so), only shorter:
// every hit is read by the model on every later turn, so the text is written compactly (`{a: string,
// b?: "x"|"y"}` is valid TypeScript and about a tenth fewer tokens than the spaced form).
import { isObject } from '@runbyte/utils';

/** Past this many characters the argument type drops nested detail, then optional keys. */
const MAX_ARGS_CHARS = 320;

type Schema = Record<string, unknown>;

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function paren(type: string): string {
  return /[|&]/.test(type) && !/^[{(]/.test(type) ? `(${type})` : type;
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.includes('unknown') ? 'unknown' : unique.join('|');
}

interface Render {
  /** Object types deeper than this become `object`. */
  depth: number;
  /** Drop optional keys of the top-level object (they are counted in a comment). */
  requiredOnly: boolean;
}

function typeOf(schema: unknown, level: number, opts: Render): string {
  if (schema === true || !isObject(schema)) return 'unknown';
  if (Array.isArray(schema['enum'])) return union(schema['enum'].map((v) => JSON.stringify(v) ?? 'unknown'));
  if ('const' in schema) return JSON.stringify(schema['const']) ?? 'unknown';
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const options = schema[combinator];
    if (Array.isArray(options) && options.length > 0) return union(options.map((o) => typeOf(o, level, opts)));
  }
  if (Array.isArray(schema['allOf']) && schema['allOf'].length === 1) return typeOf(schema['allOf'][0], level, opts);
  const type = schema['type'];
  if (Array.isArray(type)) return union(type.map((t) => typeOf({ ...schema, type: t }, level, opts)));
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${paren(typeOf(schema['items'], level + 1, opts))}[]`;
    case 'object':
      return objectType(schema, level, opts);
    default:
      return isObject(schema['properties']) ? objectType(schema, level, opts) : 'unknown';
  }
}

function objectType(schema: Schema, level: number, opts: Render): string {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const names = Object.keys(properties);
  const extra = schema['additionalProperties'];
  const index =
    extra === undefined || extra === false ? undefined : typeOf(extra === true ? {} : extra, level + 1, opts);
  if (names.length === 0) return index ? `Record<string, ${index}>` : level === 0 ? '{}' : 'object';
  if (level > opts.depth) return 'object';
  const required = new Set(
    Array.isArray(schema['required']) ? schema['required'].filter((r) => typeof r === 'string') : [],
  );
  const members: string[] = [];
  let dropped = 0;
  for (const name of names) {
    const optional = !required.has(name);
    if (optional && opts.requiredOnly && level === 0) {
      dropped++;
      continue;
    }
    members.push(`${key(name)}${optional ? '?' : ''}: ${typeOf(properties[name], level + 1, opts)}`);
  }
  if (index) members.push(`[key: string]: unknown`);
  if (dropped > 0) members.push(`/* +${dropped} optional */`);
  return `{${members.join(', ')}}`;
}

/** The inline argument type of a tool's input schema, abbreviated past MAX_ARGS_CHARS; required keys always stay. */
export function inlineArgsType(inputSchema: unknown): string {
  let text = typeOf(inputSchema, 0, { depth: 3, requiredOnly: false });
  if (text.length > MAX_ARGS_CHARS) text = typeOf(inputSchema, 0, { depth: 0, requiredOnly: false });
  if (text.length > MAX_ARGS_CHARS) text = typeOf(inputSchema, 0, { depth: 0, requiredOnly: true });
  return text;
}

/** Whether `{}` satisfies the schema: no required keys. */
function argsOptional(inputSchema: unknown): boolean {
  return !isObject(inputSchema) || !Array.isArray(inputSchema['required']) || inputSchema['required'].length === 0;
}

/** Result types longer than this show only `object[]` for a list, else nothing: the hit stays one short line. */
const MAX_RESULT_CHARS = 48;

/** The result type a hit shows, or undefined when neither the server declared nor calls taught one. */
function resultType(outputSchema: unknown): string | undefined {
  if (!isObject(outputSchema)) return undefined;
  const shallow = typeOf(outputSchema, 0, { depth: 0, requiredOnly: false });
  // A bare `object` tells the model nothing `unknown` does not, so it is left out like `unknown`.
  if (shallow === 'unknown' || shallow === '{}') return undefined;
  if (shallow.length <= MAX_RESULT_CHARS) return shallow;
  return outputSchema['type'] === 'array' ? 'object[]' : undefined;
}

/** `ns.fn(args: {…}): Promise<…>`; the result type only when the tool declares one or calls taught it. */
export function signature(namespace: string, identifier: string, inputSchema: unknown, outputSchema: unknown): string {
  const args = inlineArgsType(inputSchema);
  const result = resultType(outputSchema);
  const param = argsOptional(inputSchema) ? `args?: ${args}` : `args: ${args}`;
  return `${namespace}.${identifier}(${param})${result === undefined ? '' : `: Promise<${result}>`}`;
}
