// Learned result shapes of tools that declare no outputSchema, kept in one JSON file in Runbyte's data
// folder and keyed by server, tool and a hash of the tool's definition (a changed tool starts over).
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { errnoCode, isObject, messageOf, toolResultValue, type Logger } from '@runbyte/utils';
import { definitionHash } from './definition-hash.js';
import { boundShape, inferShape, isShape, mergeShapes, type Shape } from './shape.js';

/** A tool's learned result type: a JSON Schema of the shapes seen, and over how many calls (inspected ones). */
export interface LearnedResult {
  schema: Shape;
  observations: number;
}

/** The learned results of one server's current tools, by tool name. */
export interface LearnedResults {
  /** Changes when a shape changes (and when the count shown should be refreshed). */
  version: number;
  tools: Record<string, LearnedResult>;
}

interface Entry {
  server: string;
  tool: string;
  definition: string;
  observations: number;
  /** The count readers are shown: refreshed on shape changes and at 1, 2, 3, 5, 10, 20, 50, 100... calls. */
  shown: number;
  shape: Shape;
  /** Successful calls since this process loaded the entry, inspected or not (not stored). */
  calls: number;
}

const FORMAT = 1;
/** Every call's result is inspected until this many were; after that one in INSPECT_EVERY. */
const INSPECT_ALL = 20;
const INSPECT_EVERY = 10;

/** Inspecting costs a walk of the result (tens of µs, more for long lists): a well-known tool is sampled. */
function worthInspecting(entry: Entry): boolean {
  return entry.observations < INSPECT_ALL || (entry.calls + 1) % INSPECT_EVERY === 0;
}
const WRITE_DELAY_MS = 200;

/** Whether the count readers see is refreshed at this count: regenerating files on every call would cost. */
function milestone(n: number): boolean {
  return n <= 3 || /^[125]0*$/.test(String(n));
}

const keyOf = (server: string, tool: string) => `${server}\u0000${tool}`;

export class LearnedTypes {
  private entries: Map<string, Entry> | undefined;
  private readonly versions = new Map<string, number>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private warnedWrite = false;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Learns from one call's result; ignores error results and tools that declare an outputSchema. Never throws. */
  observe(server: string, tool: Tool, result: CallToolResult): void {
    try {
      if (tool.outputSchema !== undefined || result.isError === true) return;
      const entries = this.load();
      const key = keyOf(server, tool.name);
      const definition = definitionHash(tool);
      const old = entries.get(key);
      const same = old !== undefined && old.definition === definition;
      if (same && !worthInspecting(old)) {
        old.calls++;
        return;
      }
      // The value agent code gets (the rule of codegen's runtime): its shape is what is learned.
      const unwrapped = toolResultValue(result);
      if (unwrapped === undefined) return;
      const observed = boundShape(inferShape(unwrapped.value));
      const entry: Entry = same
        ? {
            ...old,
            calls: old.calls + 1,
            observations: old.observations + 1,
            shape: boundShape(mergeShapes(old.shape, observed)),
          }
        : { server, tool: tool.name, definition, observations: 1, shown: 0, calls: 1, shape: observed };
      const changed = !same || JSON.stringify(old.shape) !== JSON.stringify(entry.shape);
      if (changed || milestone(entry.observations)) {
        entry.shown = entry.observations;
        this.versions.set(server, (this.versions.get(server) ?? 0) + 1);
      }
      entries.set(key, entry);
      this.scheduleWrite();
    } catch (error) {
      this.logger.warn('Could not learn the result type of a tool call', {
        server,
        tool: tool.name,
        reason: messageOf(error),
      });
    }
  }

  /** The learned results of these tools (those without an outputSchema, learned for their current definition). */
  forServer(server: string, tools: readonly Tool[]): LearnedResults | undefined {
    const entries = this.load();
    if (entries.size === 0) return undefined;
    // No prototype: a tool may be called "__proto__".
    const found: Record<string, LearnedResult> = Object.create(null) as Record<string, LearnedResult>;
    let any = false;
    for (const tool of tools) {
      if (tool.outputSchema !== undefined) continue;
      const entry = entries.get(keyOf(server, tool.name));
      if (!entry || entry.definition !== definitionHash(tool)) continue;
      found[tool.name] = { schema: entry.shape, observations: entry.shown };
      any = true;
    }
    return any ? { version: this.versions.get(server) ?? 0, tools: found } : undefined;
  }

  /** Writes pending changes now; resolves when they are on disk (or the write failed and was logged). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private scheduleWrite(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    if (!this.dirty || !this.entries) return;
    this.dirty = false;
    // Another Runbyte process may share the file: keep what it learned about tools this one has not seen.
    for (const [key, entry] of this.readEntries(false)) {
      if (this.entries.has(key)) continue;
      this.entries.set(key, entry);
      this.versions.set(entry.server, (this.versions.get(entry.server) ?? 0) + 1);
    }
    const entries = [...this.entries.values()].map(({ shown: _shown, calls: _calls, ...entry }) => entry);
    const text = `${JSON.stringify({ format: FORMAT, entries }, null, 1)}\n`;
    // Write then rename: a reader (or a crash) never sees half a file.
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      await writeFile(temp, text, 'utf8');
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      if (!this.warnedWrite)
        this.logger.warn('Could not save learned result types', { file: this.file, reason: messageOf(error) });
      this.warnedWrite = true;
    }
  }

  private load(): Map<string, Entry> {
    this.entries ??= this.readEntries(true);
    return this.entries;
  }

  /** The entries on disk; none (logged when `warn`) for a missing, unreadable or corrupt file. */
  private readEntries(warn: boolean): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if (warn && errnoCode(error) !== 'ENOENT')
        this.logger.warn('Could not read learned result types; starting empty', {
          file: this.file,
          reason: messageOf(error),
        });
      return entries;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!isObject(parsed) || parsed['format'] !== FORMAT || !Array.isArray(parsed['entries']))
        throw new Error(`not a learned-types file of format ${FORMAT}`);
      for (const raw of parsed['entries']) {
        const entry = validEntry(raw);
        if (entry) entries.set(keyOf(entry.server, entry.tool), entry);
      }
    } catch (error) {
      if (warn)
        this.logger.warn('The learned result types file is corrupt; starting empty', {
          file: this.file,
          reason: messageOf(error),
        });
      entries.clear();
    }
    return entries;
  }
}

function validEntry(raw: unknown): Entry | undefined {
  if (!isObject(raw)) return undefined;
  const { server, tool, definition, observations, shape } = raw;
  if (typeof server !== 'string' || typeof tool !== 'string' || typeof definition !== 'string') return undefined;
  if (typeof observations !== 'number' || !Number.isInteger(observations) || observations < 1) return undefined;
  if (!isShape(shape)) return undefined;
  return { server, tool, definition, observations, shown: observations, calls: observations, shape };
}
