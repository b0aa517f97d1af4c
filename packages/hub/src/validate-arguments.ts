// Checks a call's arguments against the tool's inputSchema before anything is sent downstream.
// Validators are compiled on a tool's first call and cached by its schema object (a re-listed tool
// with a changed definition is a new object, so it gets a new validator).
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { messageOf, type Logger } from '@runbyte/utils';
import { describeProblems, formatProblems, signatureOf, type ArgumentProblem } from './argument-errors.js';

/** `_meta` key of a rejected call's result: the problems, for programs that want more than the text. */
export const ARGUMENT_PROBLEMS_META = 'runbyte.dev/argumentProblems';

type Entry = { validate: ValidateFunction } | { broken: string };

// ajv-formats is CommonJS; its default import is the plugin itself at run time.
const addFormats = formats as unknown as (ajv: Ajv) => Ajv;

export interface ArgumentValidator {
  /** An `isError` result naming every problem, or undefined when the arguments are valid (or unchecked). */
  check(server: string, tool: Tool, args: Record<string, unknown> | undefined): CallToolResult | undefined;
  /** Compiles (and caches) the tool's validator; the reason when its schema cannot be used. */
  compile(tool: Tool): { ok: true } | { ok: false; reason: string };
}

export function createArgumentValidator(logger: Logger): ArgumentValidator {
  const ajvLogger = { log() {}, warn: (m: unknown) => logger.debug(`argument validation: ${String(m)}`), error() {} };
  const options = {
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    addUsedSchema: false,
    logger: ajvLogger,
  } as const;
  const draft07 = addFormats(new Ajv(options));
  const draft2019 = addFormats(new Ajv2019(options) as unknown as Ajv);
  const draft2020 = addFormats(new Ajv2020(options) as unknown as Ajv);
  const cache = new WeakMap<object, Entry>();

  const build = (schema: Record<string, unknown>): Entry => {
    const dialect = typeof schema.$schema === 'string' ? schema.$schema : undefined;
    // The dialect's own meta-schema need not be loaded: validation of the schema itself is off.
    const { $schema: _, ...bare } = schema;
    const order = !dialect
      ? [draft2020, draft07] // MCP's default is 2020-12; older servers wrote draft-07 without saying so
      : dialect.includes('2020-12')
        ? [draft2020]
        : dialect.includes('2019-09')
          ? [draft2019]
          : [draft07];
    let reason = '';
    for (const ajv of order) {
      try {
        const validate = ajv.compile(bare);
        return { validate };
      } catch (error) {
        reason = messageOf(error);
      } finally {
        ajv.removeSchema(bare);
      }
    }
    return { broken: reason };
  };

  const entryOf = (server: string | undefined, tool: Tool): Entry => {
    const schema = tool.inputSchema as Record<string, unknown>;
    let entry = cache.get(schema);
    if (!entry) {
      entry = build(schema);
      cache.set(schema, entry);
      if ('broken' in entry && server !== undefined)
        logger.debug(`The inputSchema of ${server}/${tool.name} cannot be compiled; its calls are not checked`, {
          server,
          tool: tool.name,
          reason: entry.broken,
        });
    }
    return entry;
  };

  return {
    compile(tool) {
      const entry = entryOf(undefined, tool);
      return 'broken' in entry ? { ok: false, reason: entry.broken } : { ok: true };
    },
    check(server, tool, args) {
      const proto = protoKeyPath(args, 'arguments', 0);
      if (proto !== undefined) {
        // MCP servers built on the SDK parse arguments with zod, which assigns keys: a "__proto__" key
        // would be dropped silently on their side, so it is refused here, where the caller can see it.
        const text =
          `${server}.${tool.name}: ${proto} is a key named "__proto__", which MCP servers drop silently ` +
          '(JavaScript objects take it for their prototype); rename the key.';
        return { isError: true, content: [{ type: 'text', text }] };
      }
      const entry = entryOf(server, tool);
      if ('broken' in entry) return undefined;
      const value = args ?? {};
      if (entry.validate(value)) return undefined;
      const problems: ArgumentProblem[] = describeProblems(entry.validate.errors ?? []);
      if (problems.length === 0) problems.push({ path: '', message: 'the arguments do not match the inputSchema' });
      const label = `${server}.${tool.name}`;
      const text = formatProblems(label, problems, signatureOf(tool.name, tool.inputSchema as Record<string, unknown>));
      return {
        isError: true,
        content: [{ type: 'text', text }],
        _meta: { [ARGUMENT_PROBLEMS_META]: problems },
      };
    },
  };
}

/** Where a value holds an own "__proto__" key, as a path from `path`, or undefined. */
function protoKeyPath(value: unknown, path: string, depth: number): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 100) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = protoKeyPath(value[i], `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return `${path}.__proto__`;
  for (const [key, item] of Object.entries(value)) {
    const found = protoKeyPath(item, `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
