// The shape of a tool's result, as JSON Schema, inferred from the values it returned and merged over
// calls. Only shapes: no enum, const, example or default ever comes from a value, so nothing a tool
// returned is stored. Keys are kept (they are the shape), but bounded in length and number.

import { isObject } from '@runbyte/utils';

/** A learned shape; `{}` means "anything" (what is past the depth bound, or what did not agree). */
export type Shape = { [key: string]: unknown };

export interface ShapeLimits {
  /** Nested objects/arrays below this depth become `{}`. */
  depth: number;
  /** Objects with more keys (or a key longer than `keyLength`) become records of their merged values. */
  width: number;
  keyLength: number;
  /** Elements of one array looked at; the rest are assumed alike. */
  items: number;
  /** Schema nodes of one shape; a larger one is cut a level shallower until it fits. */
  nodes: number;
}

export const SHAPE_LIMITS: ShapeLimits = { depth: 4, width: 40, keyLength: 64, items: 20, nodes: 400 };

type Kind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
const KIND_ORDER: readonly Kind[] = ['object', 'array', 'string', 'number', 'boolean', 'null'];

const ANY: Shape = {};

function kindOf(shape: Shape): Kind | undefined {
  const type = shape['type'];
  if (type === 'integer') return 'number';
  return typeof type === 'string' && (KIND_ORDER as readonly string[]).includes(type) ? (type as Kind) : undefined;
}

/** The single-kind members of a shape; undefined for `{}` (which absorbs everything). */
function members(shape: Shape): Shape[] | undefined {
  if (Array.isArray(shape['anyOf'])) return shape['anyOf'].filter(isObject);
  return kindOf(shape) === undefined ? undefined : [shape];
}

/** The shape of one value (depth counts the objects and arrays above it). */
export function inferShape(value: unknown, limits: ShapeLimits = SHAPE_LIMITS, depth = 0): Shape {
  if (value === null) return { type: 'null' };
  switch (typeof value) {
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return { type: Number.isInteger(value) ? 'integer' : 'number' };
    case 'string':
      return { type: 'string' };
    case 'object':
      break;
    default:
      return ANY;
  }
  if (depth >= limits.depth) return ANY;
  if (Array.isArray(value)) {
    let items: Shape | undefined;
    for (const element of value.slice(0, limits.items)) {
      const shape = inferShape(element, limits, depth + 1);
      items = items === undefined ? shape : mergeShapes(items, shape, limits);
    }
    return items === undefined ? { type: 'array' } : { type: 'array', items };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const shapes = entries.map(([key, v]) => [key, inferShape(v, limits, depth + 1)] as const);
  return objectShape(shapes, new Set(entries.map(([key]) => key)), limits);
}

/** An object shape, or a record when the keys look like data (too many, or too long). */
function objectShape(
  properties: ReadonlyArray<readonly [string, Shape]>,
  required: ReadonlySet<string>,
  limits: ShapeLimits,
): Shape {
  if (properties.length > limits.width || properties.some(([key]) => key.length > limits.keyLength)) {
    return recordShape(
      properties.map(([, shape]) => shape),
      limits,
    );
  }
  const sorted = [...properties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const names = sorted.map(([key]) => key).filter((key) => required.has(key));
  // fromEntries defines own properties, so a key such as "__proto__" stays a key.
  return {
    type: 'object',
    properties: Object.fromEntries(sorted),
    ...(names.length > 0 ? { required: names } : {}),
  };
}

function recordShape(values: readonly Shape[], limits: ShapeLimits): Shape {
  const merged = values.reduce<Shape | undefined>(
    (a, b) => (a === undefined ? b : mergeShapes(a, b, limits)),
    undefined,
  );
  return { type: 'object', additionalProperties: merged ?? ANY };
}

function propertiesOf(shape: Shape): Array<[string, Shape]> {
  const properties = shape['properties'];
  return isObject(properties)
    ? Object.entries(properties).map(([key, value]) => [key, isObject(value) ? value : ANY])
    : [];
}

function mergeSameKind(a: Shape, b: Shape, limits: ShapeLimits): Shape {
  const kind = kindOf(a)!;
  if (kind === 'number') return { type: a['type'] === 'integer' && b['type'] === 'integer' ? 'integer' : 'number' };
  if (kind === 'array') {
    const x = isObject(a['items']) ? a['items'] : undefined;
    const y = isObject(b['items']) ? b['items'] : undefined;
    // An empty array says nothing about its elements.
    const items = x && y ? mergeShapes(x, y, limits) : (x ?? y);
    return items === undefined ? { type: 'array' } : { type: 'array', items };
  }
  if (kind !== 'object') return { type: kind };
  const extraA = a['additionalProperties'];
  const extraB = b['additionalProperties'];
  if (isObject(extraA) || isObject(extraB)) {
    const values = [a, b].flatMap((s) => [
      ...propertiesOf(s).map(([, v]) => v),
      ...(isObject(s['additionalProperties']) ? [s['additionalProperties']] : []),
    ]);
    return recordShape(values, limits);
  }
  const left = new Map(propertiesOf(a));
  const right = new Map(propertiesOf(b));
  const requiredOf = (s: Shape) => new Set(Array.isArray(s['required']) ? s['required'].map(String) : []);
  const ra = requiredOf(a);
  const rb = requiredOf(b);
  const keys = [...new Set([...left.keys(), ...right.keys()])];
  const merged = keys.map((key) => {
    const x = left.get(key);
    const y = right.get(key);
    return [key, x && y ? mergeShapes(x, y, limits) : (x ?? y)!] as const;
  });
  // A key is optional once some observation lacked it.
  return objectShape(merged, new Set(keys.filter((k) => ra.has(k) && rb.has(k))), limits);
}

/** The shape that covers both: same kinds merge, different kinds become a union. */
export function mergeShapes(a: Shape, b: Shape, limits: ShapeLimits = SHAPE_LIMITS): Shape {
  const ma = members(a);
  const mb = members(b);
  if (ma === undefined || mb === undefined) return ANY;
  const byKind = new Map<Kind, Shape>();
  for (const shape of [...ma, ...mb]) {
    const kind = kindOf(shape);
    if (kind === undefined) return ANY;
    const seen = byKind.get(kind);
    byKind.set(kind, seen ? mergeSameKind(seen, shape, limits) : shape);
  }
  const all = KIND_ORDER.filter((k) => byKind.has(k)).map((k) => byKind.get(k)!);
  return all.length === 1 ? all[0]! : { anyOf: all };
}

function countNodes(shape: unknown): number {
  if (Array.isArray(shape)) return shape.reduce<number>((n, s) => n + countNodes(s), 0);
  if (!isObject(shape)) return 0;
  return 1 + Object.values(shape).reduce<number>((n, v) => n + countNodes(v), 0);
}

/** The shape with everything below `depth` levels of objects/arrays replaced by `{}`. */
function cut(shape: Shape, depth: number): Shape {
  const list = members(shape);
  if (list === undefined) return ANY;
  if (list.length > 1) return { anyOf: list.map((s) => cut(s, depth)) };
  const kind = kindOf(shape);
  if (kind !== 'array' && kind !== 'object') return shape;
  if (depth <= 0) return ANY;
  const out: Shape = { ...shape };
  if (isObject(shape['items'])) out['items'] = cut(shape['items'], depth - 1);
  if (isObject(shape['additionalProperties']))
    out['additionalProperties'] = cut(shape['additionalProperties'], depth - 1);
  if (isObject(shape['properties']))
    out['properties'] = Object.fromEntries(propertiesOf(shape).map(([k, v]) => [k, cut(v, depth - 1)]));
  return out;
}

/** The shape, made shallower until it has at most `limits.nodes` nodes. */
export function boundShape(shape: Shape, limits: ShapeLimits = SHAPE_LIMITS): Shape {
  let bounded = shape;
  for (let depth = limits.depth; depth >= 0 && countNodes(bounded) > limits.nodes; depth--) bounded = cut(shape, depth);
  return bounded;
}

/** Whether a stored shape is one this module could have made (a hand-edited file may hold anything). */
export function isShape(value: unknown): value is Shape {
  if (!isObject(value)) return false;
  if (Object.keys(value).length === 0) return true;
  const list = members(value);
  if (list === undefined) return false;
  return list.every((s) => {
    if (kindOf(s) === undefined) return false;
    if ('items' in s && !isShape(s['items'])) return false;
    if ('additionalProperties' in s && !isShape(s['additionalProperties'])) return false;
    if ('properties' in s && !(isObject(s['properties']) && Object.values(s['properties']).every(isShape)))
      return false;
    if ('required' in s && !(Array.isArray(s['required']) && s['required'].every((r) => typeof r === 'string')))
      return false;
    const allowed = new Set(['type', 'items', 'properties', 'required', 'additionalProperties']);
    return Object.keys(s).every((k) => allowed.has(k));
  });
}
