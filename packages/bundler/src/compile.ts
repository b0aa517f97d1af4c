import { analyze, type Analysis } from './analyze.js';
import type { Diagnostic } from './errors.js';
import type { ImportHints } from './types.js';
import { codeFrame, type SourceText } from './location.js';
import { parseModule } from './parse.js';
import { transpile, type Insertion } from './transpile.js';

/** A module compiled to ES module JS, with what the linker needs to know about it. */
export interface CompiledModule {
  name: string;
  source: SourceText;
  code: string;
  map: string;
  analysis: Analysis;
}

/** The agent's file, compiled, with the export the sandbox calls and problems found on the way. */
export interface CompiledEntry extends CompiledModule {
  exportName: string;
  /** The TypeScript actually compiled (with the exec wrapper), for the standalone bundle. */
  compiledSource: string;
  dynamicImports: Diagnostic[];
  requires: Diagnostic[];
  /** Warnings for the Bundle. */
  warnings: Diagnostic[];
  noExec?: Diagnostic;
}

/** Export name added when the user's `exec` is not exported under that name. */
export const EXEC_EXPORT = '__runbyte_exec';
const ONCE = '__runbyte_once';

// Makes `exec` return its first result to every caller: the sandbox calls the export once, and the
// user's own `exec()` (at top level, say) then shares that single run instead of starting another.
const ONCE_HELPER =
  `function ${ONCE}(f) { let state = 0, value; return function (...args) { ` +
  `if (state === 0) { try { value = f.apply(this, args); state = 1; } catch (e) { value = e; state = 2; } } ` +
  `if (state === 2) throw value; return value; }; }`;

export function compileLibrary(name: string, code: string): CompiledModule {
  const parsed = parseModule(code, name);
  const analysis = analyze(parsed, false);
  const out = transpile(code, name);
  return { name, source: parsed.source, code: out.code, map: out.map, analysis };
}

export function compileEntry(name: string, code: string, hints: ImportHints = {}): CompiledEntry {
  const parsed = parseModule(code, name);
  const analysis = analyze(parsed, true);
  const at = (index: number, message: string): Diagnostic => {
    const pos = parsed.source.positionOfIndex(index);
    return { message, file: name, line: pos.line, column: pos.column, frame: codeFrame(code, pos) };
  };
  const dynamicImports = analysis.dynamicImports.map((index) =>
    at(
      index,
      `Dynamic import() is not supported in the sandbox. Import modules statically at the top of the file${example(hints)}`,
    ),
  );

  const requires = analysis.locals.has('require')
    ? []
    : analysis.requires.map((r) =>
        at(
          r.index,
          `require("${r.specifier}") is not available: the sandbox runs ES modules. Use a static import at the top of the file instead${example(hints)}`,
        ),
      );

  const insertions: Insertion[] = [];
  const exec = analysis.exec;
  let exportName = 'exec';
  let noExec: Diagnostic | undefined;
  const warnings: Diagnostic[] = [];
  if (!exec) {
    noExec = {
      message:
        'No exec() function found. The sandbox runs your code by calling exec() once and returns what it returns; define it, for example:\n\n' +
        // No real module named here: the bundler cannot know which exist, and a made-up one sends the agent astray.
        'export async function exec() {\n  const result = await someServer.someFunction({});\n  return result;\n}' +
        (hints.discovery ? `\n\n${hints.discovery}` : ''),
      file: name,
      line: 1,
      column: 1,
    };
  } else {
    let wrapped = false;
    if (exec.referenced && exec.kind === 'function') {
      insertions.push({ index: 0, text: `${exec.local} = ${ONCE}(${exec.local}); ` });
      wrapped = true;
    } else if (exec.referenced && exec.kind === 'variable' && exec.init) {
      insertions.push({ index: exec.init.start, text: `${ONCE}(` }, { index: exec.init.end, text: ')' });
      wrapped = true;
    }
    let tail = '';
    if (!exec.exported) {
      tail += `\nexport { ${exec.local} as ${EXEC_EXPORT} };`;
      exportName = EXEC_EXPORT;
    }
    if (wrapped) tail += `\n${ONCE_HELPER}`;
    if (wrapped && exec.firstReference !== undefined) {
      warnings.push(
        at(
          exec.firstReference,
          `The sandbox calls ${exec.local}() itself, exactly once; calling it here too does not run it again (every call shares that one run). You can remove this call.`,
        ),
      );
    }
    if (tail) insertions.push({ index: code.length, text: `\n${tail}\n` });
  }

  const out = transpile(code, name, insertions);
  return {
    name,
    source: parsed.source,
    code: out.code,
    map: out.map,
    analysis,
    exportName,
    compiledSource: out.compiled,
    dynamicImports,
    requires,
    warnings,
    ...(noExec ? { noExec } : {}),
  };
}

function example(hints: ImportHints): string {
  return hints.example ? `, e.g. ${hints.example};` : '.';
}
