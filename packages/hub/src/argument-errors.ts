// Turns a validator's findings into one message a model can act on in one go: each wrong field with
// what was expected and what was given, a "did you mean" for misspelt names, and the tool's signature.
import type { ErrorObject } from 'ajv';
import { capText, closestMatches, isObject } from '@runbyte/utils';

/** One wrong field of a call. `path` is `""` for the arguments object itself. */
export interface ArgumentProblem {
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

const MAX_PROBLEMS = 8;
const MAX_SIGNATURE = 600;

/** `labels[0].name` from ajv's `/labels/0/name`. */
function fieldPath(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

const quote = (path: string): string => (path === '' ? 'the arguments' : JSON.stringify(path));

/** A short TypeScript-like rendering of a schema, for "expected" and for the signature. */
export function renderType(schema: unknown, depth = 0): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (!isObject(schema)) return 'never';
  if (Array.isArray(schema.enum))
    return union(
      schema.enum.slice(0, 6).map((v) => JSON.stringify(v)),
      schema.enum.length > 6,
    );
  if ('const' in schema) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(variants)) return union(variants.map((v) => renderType(v, depth)));
  const type = schema.type;
  if (Array.isArray(type)) return union(type.map((t) => renderType({ ...schema, type: t }, depth)));
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return type;
    case 'integer':
      return 'number';
    case 'array': {
      const item = renderType(schema.items, depth + 1);
      return /[| ]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      return renderObject(schema, depth);
    default:
      return isObject(schema.properties) ? renderObject(schema, depth) : 'unknown';
  }
}

function union(parts: string[], more = false): string {
  const unique = [...new Set(parts)];
  return unique.join(' | ') + (more ? ' | …' : '');
}

function renderObject(schema: Schema, depth: number): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const names = Object.keys(properties);
  if (names.length === 0) return depth === 0 ? '{}' : 'object';
  if (depth > 1) return '{ … }';
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields = names.map((n) => `${n}${required.has(n) ? '' : '?'}: ${renderType(properties[n], depth + 1)}`);
  return `{ ${fields.join('; ')} }`;
}

/** `create_issue(args: { owner: string; … })`, capped. */
export function signatureOf(label: string, inputSchema: Schema): string {
  return capText(`${label}(args: ${renderType(inputSchema)})`, MAX_SIGNATURE);
}

function given(value: unknown): string {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (kind === 'string' || kind === 'number' || kind === 'boolean') {
    const text = JSON.stringify(value);
    return `${kind} ${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
  }
  return kind;
}

function propertiesOf(schema: unknown): string[] {
  return isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : [];
}

/** The problems of one failed validation (ajv with `allErrors` and `verbose`), most useful first. */
export function describeProblems(errors: readonly ErrorObject[]): ArgumentProblem[] {
  // Branch errors inside a failed anyOf/oneOf are noise once the union itself is reported.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath);
  const relevant = errors.filter((e) => !unions.some((u) => e.schemaPath !== u && e.schemaPath.startsWith(`${u}/`)));
  const missing = new Map<string, { names: string[]; schema: unknown; data: unknown }>();
  const unknown = new Map<string, { names: Set<string>; schema: unknown }>();
  const others: ArgumentProblem[] = [];
  for (const error of relevant) {
    const at = error.instancePath;
    if (error.keyword === 'required') {
      const entry = missing.get(at) ?? { names: [], schema: error.parentSchema, data: error.data };
      entry.names.push(String((error.params as { missingProperty: string }).missingProperty));
      missing.set(at, entry);
    } else if (error.keyword === 'additionalProperties') {
      const entry = unknown.get(at) ?? { names: new Set<string>(), schema: error.parentSchema };
      entry.names.add(String((error.params as { additionalProperty: string }).additionalProperty));
      unknown.set(at, entry);
    } else {
      others.push(otherProblem(error));
    }
  }
  // A missing required field next to a given field the schema does not know is usually a misspelling,
  // even when the schema allows extra properties.
  for (const [at, entry] of missing) {
    if (!isObject(entry.data)) continue;
    const known = new Set(propertiesOf(entry.schema));
    const extra = Object.keys(entry.data).filter((k) => !known.has(k));
    const close = extra.filter((k) => closestMatches(k, entry.names, 1).length > 0);
    if (close.length === 0) continue;
    const target = unknown.get(at) ?? { names: new Set<string>(), schema: entry.schema };
    for (const k of close) target.names.add(k);
    unknown.set(at, target);
  }
  const problems: ArgumentProblem[] = [];
  for (const [at, entry] of missing) {
    const props = isObject(entry.schema) && isObject(entry.schema.properties) ? entry.schema.properties : {};
    const list = entry.names.map((n) => `${JSON.stringify(fieldPath(at, n))} (${renderType(props[n], 1)})`);
    problems.push({ path: fieldPath(at), message: `missing required ${list.join(', ')}` });
  }
  for (const [at, entry] of unknown) {
    const candidates = [...(missing.get(at)?.names ?? []), ...propertiesOf(entry.schema)];
    for (const name of entry.names) {
      const [best] = closestMatches(name, candidates, 1);
      problems.push({
        path: fieldPath(at, name),
        message: `unknown ${JSON.stringify(fieldPath(at, name))}${best ? ` — did you mean ${JSON.stringify(best)}?` : ''}`,
      });
    }
  }
  problems.push(...others);
  return problems;
}

function otherProblem(error: ErrorObject): ArgumentProblem {
  const path = fieldPath(error.instancePath);
  const field = quote(path);
  switch (error.keyword) {
    case 'type':
    case 'anyOf':
    case 'oneOf': {
      let expected = renderType(error.parentSchema, 1);
      if (error.keyword === 'type' && (error.params as { type?: unknown }).type === 'integer') expected = 'integer';
      return { path, message: `${field} must be ${expected} (got ${given(error.data)})` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const strings = allowed.filter((v): v is string => typeof v === 'string');
      const [best] = typeof error.data === 'string' ? closestMatches(error.data, strings, 1) : [];
      const shown =
        allowed
          .slice(0, 8)
          .map((v) => JSON.stringify(v))
          .join(', ') + (allowed.length > 8 ? ', …' : '');
      return {
        path,
        message: `${field} must be one of ${shown} (got ${given(error.data)})${best ? ` — did you mean ${JSON.stringify(best)}?` : ''}`,
      };
    }
    default:
      return { path, message: `${field} ${error.message ?? `fails "${error.keyword}"`} (got ${given(error.data)})` };
  }
}

/** `label: problem; problem. Signature: …`, at most MAX_PROBLEMS problems. */
export function formatProblems(label: string, problems: readonly ArgumentProblem[], signature: string): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => p.message);
  const rest = problems.length - shown.length;
  if (rest > 0) shown.push(`and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  const text = shown.join('; ');
  // "did you mean "x"?." reads badly: a question already ends the sentence.
  return `${label}: ${text}${text.endsWith('?') ? '' : '.'} The server was not called. Signature: ${signature}`;
}
