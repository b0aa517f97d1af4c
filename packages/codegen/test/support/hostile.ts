// Tools no polite server would send: names that collide or are not identifiers, descriptions that try
// to close comments or inject code, and schemas that use every corner of JSON Schema (or abuse it).
import type { ToolDefinition } from '../../src/index.js';

/** Code that must never end up outside a comment or string of a generated file. */
const PAYLOAD = 'globalThis.pwned = 1;';
const INJECTION = '*/ export const pwned = globalThis; /* `${process.exit(1)}` \r\n line two \u2028 line three */';
const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

export const HOSTILE_NAMES: string[] = [
  'get-user.info',
  'getUserInfo',
  'getUserInfo2',
  'get_user_info',
  'delete',
  'class',
  'index',
  'default',
  'await',
  'undefined',
  '2fa_verify',
  '123',
  'files/read',
  'files.read',
  'my tool',
  '  spaced  out  ',
  '',
  '🔍',
  '🔎',
  '工具',
  '工具2',
  'café_lookup',
  'naïve-search',
  'callTool',
  '$callTool',
  'args',
  'Args',
  'Result',
  'Promise',
  '__proto__',
  'constructor',
  'toString',
  'GET_USER',
  'get_user',
  'getUser',
  'dup',
  'dup',
  '*/',
  '${x}',
  '`tick`',
  'line\nbreak',
  'sep\u2028arator',
  'quote"back\\slash',
];

const byName = (
  name: string,
  inputSchema: Record<string, unknown>,
  extra: Partial<ToolDefinition> = {},
): ToolDefinition => ({
  name,
  description: `Tool ${name}. ${INJECTION}`,
  inputSchema,
  ...extra,
});

export const HOSTILE_SCHEMA_TOOLS: ToolDefinition[] = [
  byName(
    'weird_properties',
    obj(
      {
        'foo-bar': { type: 'string', description: INJECTION },
        'with space': { type: 'number' },
        '123abc': { type: 'boolean' },
        '*/': { type: 'string' },
        "'quote": { type: 'string' },
        '"dq': { type: 'string' },
        constructor: { type: 'string' },
        '': { type: 'string' },
        'a\nb': { type: 'string' },
        class: { type: 'string' },
        ünïcode: { type: 'string' },
      },
      { required: ['foo-bar', '*/', 'not-a-property'] },
    ),
  ),
  byName(
    'literals',
    obj({
      mixed: { enum: ['a', 'it\'s "quoted" \\ */', -1.5, 0, true, false, null, { k: '*/' }, [1, 'x']] },
      empty: { enum: [] },
      c1: { const: 'fixed' },
      c2: { const: 42 },
      c3: { const: { nested: ['*/'] } },
      d: { type: 'string', default: '*/ export const x = 1; /*' },
      f: { type: 'string', format: 'date-time */' },
    }),
  ),
  byName(
    'types',
    obj(
      {
        nullableString: { type: ['string', 'null'] },
        nullableOld: { type: 'integer', nullable: true },
        many: { type: ['string', 'number', 'boolean', 'null', 'array', 'object'] },
        bogusType: { type: 'strnig' },
        map: { type: 'object', additionalProperties: { type: 'number' } },
        openMap: { type: 'object', additionalProperties: true },
        closed: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        patterns: { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
        unionArray: {
          type: 'array',
          items: { anyOf: [{ type: 'string' }, { type: 'number' }, obj({ id: { type: 'string' } })] },
        },
        tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        oldTuple: {
          type: 'array',
          items: [{ type: 'string' }, { type: 'boolean' }],
          additionalItems: { type: 'number' },
        },
        bounded: { type: 'array', items: { type: 'string' }, minItems: 5, maxItems: 2 },
        never: false,
        anything: true,
        one: { oneOf: [{ type: 'string' }, obj({ x: { type: 'number' } }, { required: ['x'] })] },
        all: { allOf: [obj({ a: { type: 'string' } }), obj({ b: { type: 'number' } })] },
        deprecatedProp: { type: 'string', deprecated: true },
      },
      { required: ['map'] },
    ),
  ),
  byName(
    'refs',
    {
      type: 'object',
      properties: {
        item: { $ref: '#/$defs/Item' },
        spaced: { $ref: '#/$defs/a%20b' },
        slashed: { $ref: '#/$defs/a~1b' },
        percent: { $ref: '#/$defs/100%25' },
        hashed: { $ref: '#/$defs/a#b' },
        self: { $ref: '#' },
        remote: { $ref: 'https://example.com/schemas/thing.json' },
        otherFile: { $ref: 'other.json#/definitions/x' },
        missing: { $ref: '#/$defs/Missing' },
        anchor: { $ref: '#anchor' },
        intoDefault: { $ref: '#/properties/carrier/default' },
        carrier: { type: 'string', default: { tsType: 'string; export const pwned = 1; type X = {' } },
        args: { $ref: '#/$defs/Args' },
        result: { $ref: '#/$defs/result' },
        promise: { $ref: '#/$defs/Promise' },
        record: { $ref: '#/$defs/Record' },
      },
      $defs: {
        Item: obj({ id: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Item' } } }),
        'a b': { type: 'string' },
        'a/b': { type: 'number' },
        '100%': obj({ pct: { type: 'number' } }),
        'a#b': obj({ hash: { type: 'boolean' } }),
        Args: obj({ a: { type: 'string' } }),
        result: obj({ r: { type: 'string' } }),
        Promise: obj({ p: { type: 'string' } }),
        Record: obj({ q: { type: 'string' } }),
        Unused: obj({ u: { type: 'string' } }),
      },
    },
    {
      outputSchema: {
        type: 'object',
        properties: {
          item: { $ref: '#/$defs/Item' },
          next: { $ref: '#' },
          remote: { $ref: 'http://example.com/x.json' },
        },
        required: ['item'],
        $defs: { Item: obj({ other: { type: 'number' } }, { required: ['other'] }) },
      },
    },
  ),
  byName(
    'definitions_style',
    {
      type: 'object',
      properties: { a: { $ref: '#/definitions/A' } },
      definitions: { A: { type: 'string', enum: ['x', 'y'] } },
    },
    {
      outputSchema: {
        type: 'object',
        properties: { b: { $ref: '#/definitions/B' } },
        definitions: { B: { type: 'number' } },
      },
    },
  ),
  byName('injections', {
    type: 'object',
    title: 'Evil */ title',
    $id: 'https://evil.example/schema.json',
    properties: {
      typed: { type: 'string', tsType: 'string; } export const pwned = 1; interface X {' },
      enumNames: { type: 'string', enum: ['a', 'b'], tsEnumNames: ['A = (globalThis as any).pwned, B', 'C'] },
      titled: { type: 'object', title: 'Promise', properties: { t: { type: 'string' } } },
    },
  }),
  byName('both_defs_kinds', {
    type: 'object',
    properties: { a: { $ref: '#/definitions/A' }, b: { $ref: '#/$defs/B' } },
    definitions: { A: { type: 'string' } },
    $defs: { B: { type: 'number' } },
  }),
  byName(
    'cycles',
    obj(
      {
        allOfSelf: { $ref: '#/$defs/a' },
        anyOfSelf: { $ref: '#/$defs/b' },
        refToSelf: { $ref: '#/properties/refToSelf' },
        itemsSelf: { type: 'array', items: { $ref: '#/properties/itemsSelf' } },
        mutual: { $ref: '#/$defs/m1' },
      },
      {
        $defs: {
          a: { allOf: [{ $ref: '#/$defs/a' }] },
          b: { anyOf: [{ $ref: '#/$defs/b' }, { type: 'string' }, { $ref: '#/$defs/c' }] },
          c: { oneOf: [{ $ref: '#/$defs/b' }, { type: 'number' }] },
          m1: obj({ next: { $ref: '#/$defs/m2' } }),
          m2: obj({ back: { $ref: '#/$defs/m1' } }),
        },
      },
    ),
  ),
  byName('root_self_union', { anyOf: [{ $ref: '#' }, obj({ a: { type: 'string' } })] }),
  byName('circular_root_ref', { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } }),
  byName('string_input', { type: 'string' }),
  byName('no_input', undefined as unknown as Record<string, unknown>),
  byName('boolean_output', { type: 'object' }, { outputSchema: true as unknown as Record<string, unknown> }),
  byName(
    'deep',
    (() => {
      let s: Record<string, unknown> = { type: 'string' };
      for (let i = 0; i < 100; i++) s = obj({ next: s });
      return s;
    })(),
  ),
  byName('root_union', { anyOf: [obj({ a: { type: 'string' } }), obj({ b: { type: 'string' } })] }),
  { name: 'only_name', inputSchema: { type: 'object' }, title: 'Only */ a title' },
  // json-schema-to-typescript writes a pattern property's key into a comment, escaping only its first
  // `*/`; the second one closes the comment, the `}` closes `Args`, and the statement after it would run.
  byName('pattern_breakout', {
    type: 'object',
    patternProperties: {
      [`^a\n*/ x */ } ${PAYLOAD} interface Z { /*`]: { type: 'string' },
      [`^b\u2028*/ */ } ${PAYLOAD} interface Y { /*`]: { type: 'number' },
      '^ok$': { type: 'boolean' },
    },
  }),
  byName(
    'comment_keys',
    {
      type: 'object',
      properties: {
        a: { $ref: `#/$defs/${encodeURIComponent(`D\n*~1 *~1 } ${PAYLOAD} ~1*`)}` },
        b: { $ref: '#/$defs/E*~1' },
        c: { $ref: '#/$defs/E*%20~1' },
      },
      patternProperties: { '/x*/': { type: 'string' }, '/x*\\/': { type: 'number' } },
      $defs: {
        [`D\n*/ */ } ${PAYLOAD} /*`]: { type: 'string', description: `*/ */ ${PAYLOAD}` },
        'E*/': { type: 'boolean' },
        'E* /': { type: 'number' },
      },
    },
    {
      outputSchema: {
        type: 'object',
        description: `x */ */ ${PAYLOAD} /* \u2028 // \u2029 ${'`${PAYLOAD}`'}`,
        properties: {
          [`line\u2028sep */ ${PAYLOAD}`]: { enum: [`v\u2028*/ ${PAYLOAD}`, '`${x}`', 'a\u2029b'] },
          ext: { $ref: `https://x.example/*/ ${PAYLOAD} /*` },
          fmt: { type: 'string', format: `date\n*/ */ ${PAYLOAD}`, default: `*/ ${PAYLOAD} /*` },
        },
      },
    },
  ),
];

export function hostileNameTools(): ToolDefinition[] {
  return HOSTILE_NAMES.map((name) => ({
    name,
    description: `${INJECTION} (${name})`,
    inputSchema: { type: 'object' },
  }));
}
