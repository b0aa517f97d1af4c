// Turns a QuickJS stack into the user's view: frames of the input's modules only, mapped through their
// source maps, plus the location and a code frame of the top frame.
import { codeFrame } from '@runbyte/utils';
import { originalPositionFor, sourceContentFor, TraceMap } from '@jridgewell/trace-mapping';

const FRAME_RE = /^\s*at (?:(.*?) \()?([^()]+?):(\d+)(?::(\d+))?\)?$/;

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface MappedStack {
  stack?: string;
  location?: Location;
  frame?: string;
}

interface Source {
  code: string;
  map?: string;
}

/** Lazily parsed source maps of one run's modules. */
export class SourceMaps {
  private readonly traces = new Map<string, TraceMap | null>();

  /**
   * @param libraryDir folder of generated library code, e.g. `/servers/` (with or without its leading
   *   slash in a source map): an error's location prefers a frame outside it. The embedder passes it.
   */
  constructor(
    private readonly modules: Record<string, Source>,
    private readonly entry: string,
    private readonly libraryDir: string | undefined = undefined,
  ) {}

  private trace(module: string): TraceMap | null {
    let trace = this.traces.get(module);
    if (trace === undefined) {
      trace = null;
      const map = this.modules[module]?.map;
      if (map) {
        try {
          trace = new TraceMap(map);
        } catch {
          trace = null;
        }
      }
      this.traces.set(module, trace);
    }
    return trace;
  }

  /** Maps a generated position (1-based line and column) of a module to the user's source. */
  private map(module: string, line: number, column: number): { location: Location; source?: string } {
    const trace = this.trace(module);
    if (trace) {
      const pos = originalPositionFor(trace, { line, column: Math.max(0, column - 1) });
      if (pos.source !== null && pos.line !== null) {
        const content = sourceContentFor(trace, pos.source) ?? undefined;
        const file = this.sourceName(trace, pos.source) ?? pos.source;
        return {
          location: { file, line: pos.line, column: (pos.column ?? 0) + 1 },
          ...(content !== undefined ? { source: content } : {}),
        };
      }
    }
    const code = this.modules[module]?.code;
    return { location: { file: module, line, column }, ...(code !== undefined ? { source: code } : {}) };
  }

  private sourceName(trace: TraceMap, resolved: string): string | undefined {
    // trace-mapping resolves sources against the map's own file; show them as the map wrote them.
    const index = trace.resolvedSources.indexOf(resolved);
    const raw = index >= 0 ? trace.sources[index] : undefined;
    return raw ?? undefined;
  }

  /** Rewrites a QuickJS stack; `undefined` fields when no frame is in the input's modules. */
  mapStack(stack: string | undefined): MappedStack {
    if (!stack) return {};
    const frames: { name: string; module: string; location: Location; source?: string }[] = [];
    for (const line of stack.split('\n')) {
      const match = FRAME_RE.exec(line);
      if (!match) continue;
      const module = match[2]!;
      if (!Object.prototype.hasOwnProperty.call(this.modules, module)) continue;
      const mapped = this.map(module, Number(match[3]), Number(match[4] ?? 1));
      frames.push({ name: match[1] ?? '<anonymous>', module, ...mapped });
    }
    if (frames.length === 0) return {};
    // The location is the user's line: frames of the generated tool libraries (mapped to /servers/...,
    // e.g. the runtime that throws a tool's error) are skipped when a frame of the user's code exists.
    const dir = this.libraryDir;
    const isLibrary = (file: string) =>
      dir !== undefined && dir !== '' && (file.startsWith(dir) || file.startsWith(dir.replace(/^\/+/, '')));
    const top =
      frames.find((f) => f.module === this.entry && !isLibrary(f.location.file)) ??
      frames.find((f) => !isLibrary(f.location.file)) ??
      frames.find((f) => f.module === this.entry) ??
      frames[0]!;
    const result: MappedStack = {
      stack: frames
        .map(
          (f) =>
            `    at ${f.name === '<eval>' ? '<module>' : f.name} (${f.location.file}:${f.location.line}:${f.location.column})`,
        )
        .join('\n'),
      location: top.location,
    };
    if (top.source !== undefined) result.frame = codeFrame(top.source, top.location.line, top.location.column);
    return result;
  }
}
