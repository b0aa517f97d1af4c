import { swc } from './swc.js';
import { decodedMappings, encodedMap, presortedDecodedMap, TraceMap } from '@jridgewell/trace-mapping';
import type { SourceMapSegment } from '@jridgewell/trace-mapping';
import { SourceText } from './location.js';
import { syntaxError } from './parse.js';

/** Text inserted into the source before compiling, at a string index of the original. */
export interface Insertion {
  index: number;
  text: string;
}

export interface Transpiled {
  code: string;
  /** Source map JSON: `sources` is the module name, `sourcesContent` the original source. */
  map: string;
  /** The TypeScript that was compiled: the source with the insertions. */
  compiled: string;
}

/** A source map as JSON.parse gives it (version 3). */
export interface RawMap {
  version: number;
  sources: string[];
  sourcesContent?: Array<string | null>;
  names: string[];
  mappings: string;
  file?: string;
}

/**
 * Strips TypeScript with swc (ES2022 module output: import/export and top-level await kept) and
 * returns JS with a source map in terms of the original source. Insertions (always on one line, or
 * appended after the end) are compiled too, and mapped back onto the place they were inserted at.
 */
export function transpile(source: string, name: string, insertions: Insertion[] = []): Transpiled {
  const sorted = [...insertions].sort((a, b) => a.index - b.index);
  let edited = '';
  let last = 0;
  for (const ins of sorted) {
    edited += source.slice(last, ins.index) + ins.text;
    last = ins.index;
  }
  edited += source.slice(last);

  let output: { code: string; map?: string };
  try {
    output = swc().transformSync(edited, {
      filename: name,
      sourceMaps: true,
      isModule: true,
      swcrc: false,
      configFile: false,
      jsc: {
        parser: { syntax: 'typescript', tsx: false },
        target: 'es2022',
        // Keeps class and function names readable in stack traces.
        keepClassNames: true,
      },
    });
  } catch (error) {
    throw syntaxError(source, name, error);
  }
  const raw = JSON.parse(output.map ?? '{"version":3,"sources":[],"names":[],"mappings":""}') as RawMap;
  let map: RawMap = raw;
  if (sorted.length > 0) map = remap(raw, source, edited, sorted);
  map.sources = [name];
  map.sourcesContent = [source];
  delete map.file;
  return { code: output.code, map: JSON.stringify(map), compiled: edited };
}

function remap(raw: RawMap, source: string, edited: string, sorted: Insertion[]): RawMap {
  const editedText = new SourceText(edited);
  // Where each insertion sits in the edited text (0-based line and column).
  let shift = 0;
  const placed = sorted.map((ins) => {
    const at = editedText.positionOfIndex(ins.index + shift);
    shift += ins.text.length;
    return { line: at.line - 1, column: at.column - 1, length: ins.text.length, tail: ins.index >= source.length };
  });
  const decoded = decodedMappings(new TraceMap(raw as never)).map((line) => line.map((s) => [...s] as number[]));
  for (const line of decoded) {
    for (let i = 0; i < line.length; i++) {
      const seg = line[i]!;
      if (seg.length < 4) continue;
      for (let p = placed.length - 1; p >= 0; p--) {
        const ins = placed[p]!;
        if (ins.tail) {
          if (seg[2]! > ins.line || (seg[2] === ins.line && seg[3]! >= ins.column)) {
            line[i] = [seg[0]!];
            break;
          }
          continue;
        }
        if (seg[2] !== ins.line || seg[3]! < ins.column) continue;
        seg[3] = seg[3]! >= ins.column + ins.length ? seg[3]! - ins.length : ins.column;
      }
    }
  }
  const encoded = encodedMap(
    presortedDecodedMap({ ...raw, mappings: decoded as unknown as SourceMapSegment[][] } as never),
  ) as unknown as RawMap;
  return { version: 3, sources: encoded.sources, names: encoded.names, mappings: encoded.mappings };
}
