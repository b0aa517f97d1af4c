// Result types learned from calls (see @runbyte/hub's learn/) for tools that declare no outputSchema:
// rendered as the tool's `Result` through the same schema → TypeScript path, marked as observed.
import { plural } from '@runbyte/utils';
import { RESULT_TYPE, toolTypes, type ToolTypes } from './schema.js';
import type { JsonSchema, ToolDefinition } from './generate.js';

/** The shape a tool's results had over `observations` calls, as JSON Schema. */
export interface LearnedResult {
  schema: JsonSchema;
  observations: number;
}

const RESULT_DECLARATION = new RegExp(`^export (?:interface|type) ${RESULT_TYPE}\\b`, 'm');

/** The one comment that tells a reader the type was seen, not promised. */
export function learnedComment(observations: number): string {
  return `// ${RESULT_TYPE} observed over ${plural(observations, 'call')}, not declared by the server`;
}

/**
 * The tool's types with the learned result as `Result`, or undefined when nothing learned applies: a
 * declared outputSchema always wins, and a learned schema that does not convert is dropped.
 */
export async function learnedToolTypes(
  tool: ToolDefinition,
  learned: Readonly<Record<string, LearnedResult>> | undefined,
): Promise<ToolTypes | undefined> {
  if (tool.outputSchema !== undefined || !learned || !Object.hasOwn(learned, tool.name)) return undefined;
  const result = learned[tool.name]!;
  const types = await toolTypes(tool.inputSchema, result.schema);
  const at = RESULT_DECLARATION.exec(types.code);
  if (!types.resultDeclared || !at) return undefined;
  const before = types.code.slice(0, at.index).replace(/\n*$/, '');
  const code = `${before ? `${before}\n\n` : ''}${learnedComment(result.observations)}\n${types.code.slice(at.index)}`;
  return { ...types, code };
}
