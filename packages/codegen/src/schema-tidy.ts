// json-schema-to-typescript's unformatted output made readable: its provenance notes removed, one-line
// comments folded, indentation by bracket depth (formatting with prettier costs ~5x the compile).
import { escapeCommentText } from './jsdoc.js';

/** json-schema-to-typescript marks where each named type came from; for readers that is noise. */
const PROVENANCE =
  /\n \* This (?:interface|type) was referenced by `[^`\n]*`'s JSON-Schema(?: definition)?\n \* via the `definition` "[^\n]*"\./g;
/** ...except for pattern properties, where it is the only place the pattern shows. */
const PATTERN_PROVENANCE =
  /\n \* This (?:interface|type) was referenced by `[^`\n]*`'s JSON-Schema(?: definition)?\n \* via the `patternProperty` ("[^\n]*")\./g;

export function tidy(code: string): string {
  return reindent(
    code
      // Only string literals (keys, enum values) can still hold these: TypeScript reads them there as
      // line breaks, and JavaScript does not. As escapes the value is the same for both.
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029')
      .replace(PROVENANCE, '')
      .replace(
        PATTERN_PROVENANCE,
        (_, pattern: string) => `\n * Keys matching the pattern ${escapeCommentText(pattern)}.`,
      )
      .replace(/\/\*\*\n \*\/\n/g, '')
      .replace(/\{\n\s*\n\s*\}/g, '{}')
      // One-line comments on one line: halves the length of a typical Args interface.
      .replace(/\/\*\*\n \* ([^\n]*)\n \*\//g, (_, text: string) => `/** ${text.trim()} */`)
      .trim(),
  );
}

/**
 * Indents json-schema-to-typescript's unformatted output by bracket depth. Its output puts each
 * member on its own line, strings are JSON-quoted and comments are whole `/** ... *\/` lines, so
 * counting brackets outside strings and comments is exact.
 */
export function reindent(code: string): string {
  const out: string[] = [];
  // One entry per indentation level: how many brackets the line that opened it left open.
  const levels: number[] = [];
  let inComment = false;
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      out.push('');
      continue;
    }
    if (inComment || line.startsWith('/*')) {
      const previous = out[out.length - 1];
      if (!inComment && levels.length === 0 && previous !== undefined && previous !== '' && !previous.endsWith('*/'))
        out.push('');
      out.push('  '.repeat(levels.length) + (line.startsWith('*') ? ` ${line}` : line));
      inComment = !line.endsWith('*/');
      continue;
    }
    let own = 0;
    let indent: number | undefined;
    // Whether the line began by closing part, not all, of the top level (`} & {`, `} | {`).
    let reopened = false;
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
        continue;
      }
      const closes = ch === '}' || ch === ')' || ch === ']';
      if (!closes && ch !== ' ' && indent === undefined) indent = reopened ? levels.length - 1 : levels.length;
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '(' || ch === '[') own++;
      else if (closes) {
        if (own > 0) own--;
        else if (levels.length > 0) {
          const left = levels.pop()! - 1;
          if (left > 0) levels.push(left);
          reopened = indent === undefined && left > 0;
        }
      }
    }
    const depth = indent ?? levels.length;
    // A blank line between top-level declarations, as a formatter would put it.
    const previous = out[out.length - 1];
    if (
      depth === 0 &&
      /^(export |\/\*)/.test(line) &&
      previous !== undefined &&
      previous !== '' &&
      !previous.endsWith('*/')
    )
      out.push('');
    out.push('  '.repeat(depth) + unwrapParens(line));
    if (own > 0) {
      if (reopened && levels.length > 0) levels.push(levels.pop()! + own);
      else levels.push(own);
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * `name?: ("a" | "b")` → `name?: "a" | "b"` (also `export type X = (...)`): json-schema-to-typescript wraps every union in
 * parentheses when it does not format; around a whole member type they only add noise.
 */
function unwrapParens(line: string): string {
  const match = /^((?:"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*)\??: |export type [A-Za-z_$][\w$]* = )\((.*)\)$/.exec(line);
  if (!match) return line;
  const inner = match[2]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      // The opening parenthesis closes before the end: `(a | b) & (c | d)`, leave it alone.
      if (--depth < 0) return line;
    }
  }
  return depth === 0 && !inString ? `${match[1]}${inner}` : line;
}
