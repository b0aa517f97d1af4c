// Tools of one server → the files of /servers/<server>/, and the root index over all servers.

import type { Logger } from '@runbyte/utils';
import { formatBytes, isObject } from '@runbyte/utils';
import { invalidServerName } from './server-name.js';
import { CodegenError } from './errors.js';
import { summarize } from './jsdoc.js';
import { assignIdentifiers, serverIdentifiers, typePrefix } from './names.js';
import {
  renderFallbackToolFile,
  renderRootIndex,
  renderServerIndex,
  renderServerIndexView,
  renderToolFile,
  renderToolView,
  RUNTIME_IMPORT,
  type IndexEntry,
  type IndexViewEntry,
} from './render.js';
import { toolTypes, type ToolTypes } from './schema.js';
import { learnedToolTypes, type LearnedResult } from './learned.js';
import { verifyRootIndex, verifyServerIndex, verifyToolFile, type ToolFileShape } from './verify.js';

const FALLBACK_TYPES: ToolTypes = {
  code: 'export type Args = Record<string, unknown>;\n\nexport type Result = any;',
  argsOptional: true,
  notes: [],
  resultDeclared: false,
};

/** A JSON Schema as found in MCP tool definitions (any JSON object). */
export type JsonSchema = { [key: string]: unknown };

/** One tool of a `tools/list` result; structurally compatible with the MCP SDK's `Tool`. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  /** Only `annotations.title` is used, when the tool has no `title`. */
  annotations?: { title?: string };
}

export interface GeneratedTool {
  /** Original tool name, the one sent downstream. */
  toolName: string;
  /** camelCase function name, unique within the server. */
  identifier: string;
  /** `${identifier}.ts` */
  fileName: string;
  /** First sentence of the description, on one line, for listings ('' when there is none). */
  summary: string;
}

export interface GeneratedServer {
  /** Verbatim server name, which is also the folder name. */
  server: string;
  /** Safe identifier of the server, as used in /servers/index.ts. */
  identifier: string;
  /** In the server's own tool order. */
  tools: GeneratedTool[];
  /** File name within /servers/<server>/ → module source: 'index.ts', then one '<identifier>.ts' per tool. */
  files: Record<string, string>;
  /**
   * The same names → what a model reads: declarations with the same types, without the boilerplate
   * every module repeats; `index.ts` carries every function's signature and types.
   */
  views: Record<string, string>;
}

export type { Logger } from '@runbyte/utils';

export interface GenerateOptions {
  /**
   * Identifier of the server in /servers/index.ts. Defaults to the server name alone through the
   * naming rules; pass `serverIdentifiers(allNames).get(server)` when several servers could collide.
   */
  identifier?: string;
  /** Told about tools skipped and schemas that fell back to permissive types. Default: silent. */
  logger?: Logger;
  /**
   * By tool name: result types learned from calls, used as `Result` (with a comment saying so) for
   * tools that declare no outputSchema.
   */
  learnedResults?: Readonly<Record<string, LearnedResult>>;
}

/** What generateServer will produce, without the files. */
export type ServerPlan = Omit<GeneratedServer, 'files' | 'views'>;

interface UsableTool {
  tool: ToolDefinition;
  title: string | undefined;
  description: string | undefined;
  plan: GeneratedTool;
}

function planTools(server: string, tools: readonly ToolDefinition[], options: GenerateOptions): UsableTool[] {
  const invalid = invalidServerName(server);
  if (invalid) {
    throw new CodegenError(
      'INVALID_SERVER_NAME',
      server,
      `The server name ${JSON.stringify(server)} cannot be used as the folder /servers/<name>: ${invalid}. Rename the server in the configuration.`,
    );
  }
  if (!Array.isArray(tools)) {
    throw new CodegenError(
      'INVALID_TOOLS',
      server,
      `The tools of server ${JSON.stringify(server)} must be an array (the "tools" of a tools/list result).`,
    );
  }
  // A tool without a string name cannot be called, so it cannot be offered either.
  const usable = tools.filter((tool, index) => {
    const ok = isObject(tool) && typeof tool.name === 'string';
    if (!ok) options.logger?.warn('Skipping a tool without a name', { server, index });
    return ok;
  });
  const identifiers = assignIdentifiers(usable.map((t) => t.name));
  return usable.map((tool, i) => {
    const identifier = identifiers[i]!;
    const description = typeof tool.description === 'string' ? tool.description : undefined;
    const title =
      typeof tool.title === 'string'
        ? tool.title
        : typeof tool.annotations?.title === 'string'
          ? tool.annotations.title
          : undefined;
    return {
      tool,
      title,
      description,
      plan: { toolName: tool.name, identifier, fileName: `${identifier}.ts`, summary: summarize(description || title) },
    };
  });
}

/**
 * The identifiers, file names and summaries generateServer will produce for these tools, without
 * converting any schema: cheap enough to list a folder of 1,000 tools before generating its files.
 * Same errors as generateServer.
 */
export function planServer(
  server: string,
  tools: readonly ToolDefinition[],
  options: GenerateOptions = {},
): ServerPlan {
  return {
    server,
    identifier: options.identifier ?? serverIdentifiers([server]).get(server)!,
    tools: planTools(server, tools, options).map((t) => t.plan),
  };
}

/**
 * Schemas longer than this (as JSON) are not converted. Conversion runs on the caller's thread, and a
 * schema of mutually referring $defs costs ~1-2 s per 50 KB (input and output, measured 2026-12 on a
 * shared 2-core machine): a hostile server could stall every session. Real tool schemas are a few KB.
 */
export const MAX_SCHEMA_CHARS = 64_000;

function schemaChars(schema: unknown): number {
  try {
    return JSON.stringify(schema)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** toolTypes, but a schema past MAX_SCHEMA_CHARS gets a permissive type and a note saying why. */
async function boundedToolTypes(tool: ToolDefinition): Promise<ToolTypes> {
  const notes: string[] = [];
  const tooLarge = (what: string, chars: number, instead: string) =>
    notes.push(
      `The ${what} schema is ${formatBytes(chars)} of JSON, more than the ${formatBytes(MAX_SCHEMA_CHARS)} converted to TypeScript, so ${instead}.`,
    );
  let input: unknown = tool.inputSchema;
  let output: unknown = tool.outputSchema;
  const inputChars = schemaChars(input);
  if (inputChars > MAX_SCHEMA_CHARS) {
    tooLarge('input', inputChars, 'any object is accepted here: check the tool description for the arguments');
    input = { type: 'object', additionalProperties: true };
  }
  const outputChars = output === undefined ? 0 : schemaChars(output);
  if (outputChars > MAX_SCHEMA_CHARS) {
    tooLarge('output', outputChars, 'the result is not typed');
    output = undefined;
  }
  const types = await toolTypes(input, output);
  return notes.length > 0 ? { ...types, notes: [...notes, ...types.notes] } : types;
}

/**
 * Generates `/servers/<server>/index.ts` and one file per tool. Same tools in, same bytes out.
 * Never fails because of one tool's schema: such a tool gets permissive types and a note. Rejects with
 * CodegenError when the server name cannot be a folder name or `tools` is not an array.
 */
export async function generateServer(
  server: string,
  tools: readonly ToolDefinition[],
  options: GenerateOptions = {},
): Promise<GeneratedServer> {
  const planned = planTools(server, tools, options);
  const toolFiles: Array<[string, string]> = [];
  const toolViews: Array<[string, string]> = [];
  const indexView: IndexViewEntry[] = [];
  for (const { tool, title, description, plan } of planned) {
    const types = (await learnedToolTypes(tool, options.learnedResults)) ?? (await boundedToolTypes(tool));
    if (types.notes.length > 0)
      options.logger?.warn('Tool types need attention', { server, tool: tool.name, notes: types.notes });
    const input = { server, toolName: tool.name, identifier: plan.identifier, title, description, types };
    const shape = { server, toolName: tool.name, identifier: plan.identifier };
    const rendered = renderToolFile(input);
    const checked = checkedToolFile(rendered, shape, options.logger);
    toolFiles.push([plan.fileName, checked]);
    // A file that failed the check is shown as its safe replacement: the view carries the same server text.
    toolViews.push([plan.fileName, checked === rendered ? renderToolView(input) : checked]);
    indexView.push({
      identifier: plan.identifier,
      summary: plan.summary,
      types: checked === rendered ? types : FALLBACK_TYPES,
    });
  }
  const generated = planned.map((t) => t.plan);
  const files: Record<string, string> = { 'index.ts': checkedServerIndex(server, generated, options.logger) };
  for (const [name, source] of toolFiles) files[name] = source;
  const views: Record<string, string> = { 'index.ts': renderServerIndexView(server, indexView) };
  for (const [name, source] of toolViews) views[name] = source;
  return {
    server,
    identifier: options.identifier ?? serverIdentifiers([server]).get(server)!,
    tools: generated,
    files,
    views,
  };
}

/**
 * Source of `/servers/index.ts`: `export * as <identifier> from './<server>/index.js'` per server, in the
 * given order (duplicates once). Names that cannot be folder names (see generateServer) are left out
 * with a comment saying so.
 */
export function generateRootIndex(servers: readonly string[]): string {
  const usable = servers.filter((s) => invalidServerName(s) === undefined);
  const left = [...new Set(servers.filter((s) => invalidServerName(s) !== undefined))];
  const entries = [...serverIdentifiers(usable)].map(([server, identifier]) => ({ server, identifier }));
  const source = renderRootIndex(entries, left);
  try {
    verifyRootIndex(source, entries);
    return source;
  } catch {
    // Only the comments naming left-out servers carry their text; without them the file is ours alone.
    const plain = renderRootIndex(entries);
    verifyRootIndex(plain, entries);
    return plain;
  }
}

/**
 * `source` when it verifies as the tool file it should be; otherwise, with a warning, the fallback
 * file with permissive types. A tool file is where a server's text could become code, so a check
 * that fails means an escaping bug: the tool stays callable, its types do not reach the sandbox.
 */
export function checkedToolFile(source: string, shape: ToolFileShape, logger: Logger | undefined): string {
  try {
    verifyToolFile(source, shape, RUNTIME_IMPORT);
    return source;
  } catch (error) {
    logger?.warn('A generated tool file failed verification and was replaced by permissive types', {
      server: shape.server,
      tool: shape.toolName,
      reason: error instanceof Error ? error.message : String(error),
    });
    const fallback = renderFallbackToolFile(shape);
    // The fallback holds the names only as string literals; if even it fails, nothing is safe to serve.
    verifyToolFile(fallback, shape, RUNTIME_IMPORT);
    return fallback;
  }
}

function checkedServerIndex(server: string, tools: readonly IndexEntry[], logger: Logger | undefined): string {
  const shape = tools.map((t) => ({ identifier: t.identifier, prefix: typePrefix(t.identifier) }));
  const source = renderServerIndex(server, tools);
  try {
    verifyServerIndex(source, shape);
    return source;
  } catch (error) {
    logger?.warn('A generated server index failed verification and was written without summaries', {
      server,
      reason: error instanceof Error ? error.message : String(error),
    });
    const plain = renderServerIndex(
      server,
      tools.map((t) => ({ ...t, summary: '' })),
    );
    verifyServerIndex(plain, shape);
    return plain;
  }
}
