import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { resultText } from './mcp-client.js';
import { countJsonTokens, countTokens } from './tokens.js';
import type { TaskDefinition } from './tasks.js';

/** One model turn: the tool call the model writes and the result it reads back. */
export interface Step {
  label: string;
  request: { name: string; arguments: Record<string, unknown> };
  requestTokens: number;
  responseTokens: number;
  /** Tokens of `structuredContent`, for clients that show it to the model as well as the text. */
  structuredTokens?: number;
  ok: boolean;
}

export interface TraditionalSide {
  definitions: number;
  steps: Step[];
  total: number;
  /** Input tokens over the whole conversation: every model turn re-reads everything before it. */
  cumulativeInput: number;
}

export interface RunbyteSide {
  toolsList: number;
  instructions: number;
  steps: Step[];
  total: number;
  cumulativeInput: number;
  /** What exec() returned, so the report shows the work was really done. */
  result?: string;
}

export interface TaskEconomy {
  task: TaskDefinition['id'];
  title: string;
  short: string;
  scale: number;
  servers: number;
  tools: number;
  /** Transport of the downstream servers at this scale. */
  transport: 'stdio' | 'http';
  traditional: TraditionalSide;
  runbyte?: RunbyteSide;
  runbyteError?: string;
  /** 1 - runbyte / traditional, as a percentage. */
  reductionPct?: number;
  definitionsReductionPct?: number;
}

/** Search quality over the shared intents set (@runbyte/test-support), through list_directory over MCP. */
export interface SearchQuality {
  scale: number;
  intents: number;
  hitAt1: number;
  hitAt3: number;
  misses: string[];
}

/** Tool definitions as a client forwards them to the model: name, description, inputSchema. */
export function definitionTokens(tools: { name: string; description?: string; inputSchema: unknown }[]): number {
  return countJsonTokens(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })));
}

export async function callStep(
  client: Client,
  label: string,
  name: string,
  args: Record<string, unknown>,
): Promise<Step & { text: string; calls: string[] }> {
  const result = await client.callTool({ name, arguments: args });
  const text = resultText(result);
  // execute_code reports the downstream calls it made.
  const toolCalls = (result.structuredContent as { toolCalls?: { server: string; tool: string }[] } | undefined)
    ?.toolCalls;
  const step: Step & { text: string; calls: string[] } = {
    label,
    request: { name, arguments: args },
    requestTokens: countJsonTokens({ name, arguments: args }),
    responseTokens: countTokens(text),
    ok: result.isError !== true,
    text,
    calls: (toolCalls ?? []).map((c) => `${c.server}.${c.tool}`),
  };
  if (result.structuredContent !== undefined) step.structuredTokens = countJsonTokens(result.structuredContent);
  return step;
}

export const sum = (steps: Step[]) => steps.reduce((n, s) => n + s.requestTokens + s.responseTokens, 0);

/** n calls make n + 1 model turns; turn k reads the fixed text and the first k calls with their results. */
export function cumulativeInput(fixed: number, steps: Step[]): number {
  let context = fixed;
  let total = context;
  for (const s of steps) {
    context += s.requestTokens + s.responseTokens;
    total += context;
  }
  return total;
}
