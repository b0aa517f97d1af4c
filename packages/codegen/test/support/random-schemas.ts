// Seeded random JSON Schemas that mix every construct codegen handles: unions, intersections, `$ref`s
// to `$defs` and to the root (cycles included), nullable and type arrays, tuples, maps, booleans.
import type { ToolDefinition } from '../../src/index.js';

type Schema = Record<string, unknown> | boolean;

export function randomTools(seed: number, count: number): ToolDefinition[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const names = ['a', 'b', 'Item', 'args', 'Result', 'x-y', 'Promise', '0n', 'c d'];

  const schema = (depth: number, defs: string[]): Schema => {
    const r = random();
    if (depth > 3 || r < 0.2) {
      return pick<Schema>([
        { type: 'string' },
        { type: 'number' },
        { type: ['string', 'null'] },
        { enum: ['a', 1, null, true] },
        { const: 'k' },
        true,
        false,
        {},
        { type: 'integer', nullable: true },
      ]);
    }
    if (r < 0.3 && defs.length > 0)
      return { $ref: `#/$defs/${pick(defs)}`, ...(random() < 0.3 ? { default: 1, description: 'd' } : {}) };
    if (r < 0.35) return { $ref: '#' };
    if (r < 0.5) {
      const members = Array.from({ length: 1 + Math.floor(random() * 3) }, () => schema(depth + 1, defs));
      return { [pick(['anyOf', 'oneOf', 'allOf'])]: members, ...(random() < 0.3 ? { type: 'object' } : {}) };
    }
    if (r < 0.65) {
      return {
        type: 'array',
        items: random() < 0.2 ? [schema(depth + 1, defs)] : schema(depth + 1, defs),
        ...(random() < 0.3 ? { minItems: 1, maxItems: 3 } : {}),
      };
    }
    if (r < 0.72)
      return { type: 'object', additionalProperties: random() < 0.5 ? schema(depth + 1, defs) : random() < 0.5 };
    const properties: Record<string, Schema> = {};
    for (let i = 0; i < 1 + Math.floor(random() * 4); i++) properties[pick(names)] = schema(depth + 1, defs);
    return {
      type: pick(['object', undefined, ['object', 'null']]),
      properties,
      required: random() < 0.5 ? [pick(names)] : [],
      ...(random() < 0.2 ? { additionalProperties: true } : {}),
      ...(random() < 0.2 ? { nullable: true } : {}),
    };
  };

  const document = (): Record<string, unknown> => {
    const defNames = names.filter(() => random() < 0.3);
    const $defs: Record<string, Schema> = {};
    for (const name of defNames) $defs[name] = schema(1, defNames);
    const root = schema(0, defNames);
    return { ...(typeof root === 'object' ? root : {}), ...(defNames.length > 0 ? { $defs } : {}) };
  };

  return Array.from({ length: count }, (_, i) => ({
    name: `random_${seed}_${i}`,
    inputSchema: document(),
    ...(random() < 0.5 ? { outputSchema: document() } : {}),
  }));
}
