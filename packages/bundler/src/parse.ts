import { isTrap, resetSwc, swc } from './swc.js';
import type { Module } from '@swc/wasm';
import { BundleError, type Diagnostic } from './errors.js';
import { codeFrame, SourceText } from './location.js';

export type { Module };

/** A parsed module and the means to turn its spans into string indices of the source. */
export interface Parsed {
  module: Module;
  source: SourceText;
  /** String index in the source of a span position. */
  index(spanPos: number): number;
}

// @swc/wasm keeps one growing source map per process, so span positions of a module do not start at
// zero. Parsing `;` + code puts a known token at byte 0: its span start is the base of every position.
const PREFIX = ';';

/** Parses TypeScript module code; throws BundleError('SYNTAX') with the user's line, column and frame. */
export function parseModule(code: string, file: string): Parsed {
  let module: Module;
  try {
    module = swc().parseSync(PREFIX + code, { syntax: 'typescript', tsx: false, target: 'es2022', comments: false });
  } catch (error) {
    throw syntaxError(code, file, error);
  }
  const first = module.body.shift();
  const base = (first?.span.start ?? 1) + PREFIX.length;
  const source = new SourceText(code);
  return { module, source, index: (pos) => source.indexOfByte(pos - base) };
}

/** Turns a syntax error report of swc (a string with its own frame) into located diagnostics. */
export function syntaxError(code: string, file: string, error: unknown): BundleError {
  if (isTrap(error)) {
    resetSwc();
    return new BundleError('SYNTAX', [
      {
        message:
          'The parser could not handle this code (it crashed, which happens with expressions nested hundreds of levels deep or very large files): simplify or split it.',
        file,
        line: 1,
        column: 1,
      },
    ]);
  }
  // Re-parse without the prefix so the report's columns are the user's.
  let report = String(error);
  try {
    swc().parseSync(code, { syntax: 'typescript', tsx: false, target: 'es2022' });
  } catch (again) {
    if (isTrap(again)) resetSwc();
    report = String(again);
  }
  const diagnostics = parseSwcReport(report, code, file);
  return new BundleError('SYNTAX', diagnostics);
}

function parseSwcReport(report: string, code: string, file: string): Diagnostic[] {
  const text = new SourceText(code);
  const lineCount = text.lines().length;
  const diagnostics: Diagnostic[] = [];
  // Each error starts with "  x <message>" and carries a frame: ",-[file:L:C]" or ",-[L:C]", numbered
  // source lines " N | ...", and a caret line "   :    ^" under the error.
  const blocks = report.split(/\n(?=\s*x )/);
  for (const block of blocks) {
    const head = /^\s*x (.+)$/m.exec(block);
    if (!head) continue;
    const message = head[1]!.trim();
    let line = 0;
    let column = 0;
    const rows = block.split('\n');
    for (let i = 0; i < rows.length; i++) {
      const caret = /^(\s*):(\s*)\^/.exec(rows[i]!);
      if (!caret) continue;
      for (let j = i - 1; j >= 0; j--) {
        const numbered = /^\s*(\d+) \| /.exec(rows[j]!);
        if (!numbered) continue;
        line = Number(numbered[1]);
        const codeStart = numbered[0].length;
        const caretIndex = rows[i]!.indexOf('^');
        column = Math.max(1, caretIndex - codeStart + 1);
        break;
      }
      break;
    }
    if (!line) {
      const at = /,-\[(?:[^\]]*:)?(\d+):(\d+)\]/.exec(block);
      if (at) {
        line = Number(at[1]);
        column = Number(at[2]);
      }
    }
    if (!line) {
      line = lineCount;
      column = (text.lines()[lineCount - 1] ?? '').length + 1;
    }
    line = Math.min(Math.max(line, 1), lineCount);
    const position = { line, column };
    diagnostics.push({ message: `Syntax error: ${message}`, file, line, column, frame: codeFrame(code, position) });
    if (diagnostics.length >= 5) break;
  }
  if (diagnostics.length === 0) {
    diagnostics.push({
      message: 'Syntax error: the code could not be parsed as TypeScript.',
      file,
      line: 1,
      column: 1,
    });
  }
  return diagnostics;
}
