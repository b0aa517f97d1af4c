// Structural check of every generated file, so that an escaping bug fails closed instead of letting a
// downstream server's text become code that runs in the sandbox.
//
// A strict tokenizer (stricter than TypeScript: no template literals, no regular expressions, no `/`,
// `'`, `\`, `!`, `#`, `@` or non-ASCII outside strings and comments, strings only as JSON) reads the
// file, and the tokens outside comments must then form exactly what the generator means to write:
// - a tool file: the runtime import, type declarations only (`export interface N {...}` and
//   `export type N = <type>`), and the one function calling `$callTool(server, tool, args)`;
// - an index file: exactly its `export ... from "..."` statements.
// Types are erased before the code runs, so once their extent is certain nothing inside them can run.

export interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct';
  /** Source text; for strings the decoded value. */
  text: string;
  /** Whether a line break precedes the token (TypeScript ends some type forms there). */
  newline: boolean;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
// `*` only for `export * as`; the type grammar below has no place for it.
const PUNCT = new Set(['{', '}', '(', ')', '[', ']', '<', '>', '|', '&', ':', ';', '?', ',', '.', '=', '-', '*']);
const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON strings only (so JSON.parse decodes them exactly as JavaScript would), on one line.
const STRING = /"(?:[^"\\\u0000-\u001f\u2028\u2029]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export class VerifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyError';
  }
}

/** The tokens of `source` outside comments; throws VerifyError on anything the generator never writes. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let newline = true;
  let i = 0;
  const fail = (what: string): never => {
    throw new VerifyError(`${what} at offset ${i}`);
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '\n' || ch === '\r') {
      newline = true;
      i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated comment');
      if (LINE_BREAK.test(source.slice(i, end))) newline = true;
      i = end + 2;
    } else if (source.startsWith('//', i)) {
      // A line comment ends at any line terminator, U+2028/U+2029 included, as in JavaScript.
      while (i < source.length && !LINE_BREAK.test(source[i]!)) i++;
    } else if (ch === '"') {
      STRING.lastIndex = i;
      const match = STRING.exec(source);
      if (!match) fail('string literal that is not plain JSON');
      tokens.push({ kind: 'string', text: JSON.parse(match![0]) as string, newline });
      i += match![0].length;
      newline = false;
    } else if (/[0-9]/.test(ch)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(source)!;
      i += match[0].length;
      if (i < source.length && /[A-Za-z0-9_$.]/.test(source[i]!)) fail('malformed number');
      tokens.push({ kind: 'number', text: match[0], newline });
      newline = false;
    } else if (/[A-Za-z_$]/.test(ch)) {
      IDENT.lastIndex = i;
      const match = IDENT.exec(source)!;
      tokens.push({ kind: 'ident', text: match[0], newline });
      i += match[0].length;
      newline = false;
    } else if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, newline });
      i++;
      newline = false;
    } else {
      fail(`unexpected character ${JSON.stringify(ch)}`);
    }
  }
  return tokens;
}

/** A cursor over the tokens with the checks the grammars below need. */
class Reader {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.at >= this.tokens.length;
  }
  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new VerifyError('unexpected end of file');
    return token;
  }
  is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== 'string' && token.text === text;
  }
  expect(text: string): void {
    const token = this.next();
    if (token.kind === 'string' || token.text !== text)
      throw new VerifyError(`expected ${JSON.stringify(text)}, found ${JSON.stringify(token.text)}`);
  }
  ident(): string {
    const token = this.next();
    if (token.kind !== 'ident') throw new VerifyError(`expected a name, found ${JSON.stringify(token.text)}`);
    return token.text;
  }
  string(value?: string): string {
    const token = this.next();
    if (token.kind !== 'string') throw new VerifyError(`expected a string, found ${JSON.stringify(token.text)}`);
    if (value !== undefined && token.text !== value)
      throw new VerifyError(`expected the string ${JSON.stringify(value)}, found ${JSON.stringify(token.text)}`);
    return token.text;
  }
  /** Expects a whole token sequence; strings in `texts` are written as JSON (`'"x"'`). */
  sequence(texts: readonly string[]): void {
    for (const text of texts) {
      if (text.startsWith('"')) this.string(JSON.parse(text) as string);
      else this.expect(text);
    }
  }
  /** A bracketed group starting at the current token, skipped as a whole (brackets must match). */
  group(): void {
    const closing: Record<string, string> = { '{': '}', '(': ')', '[': ']', '<': '>' };
    const stack: string[] = [];
    do {
      const token = this.next();
      if (token.kind !== 'punct') continue;
      if (closing[token.text]) stack.push(closing[token.text]!);
      else if (token.text === '}' || token.text === ')' || token.text === ']' || token.text === '>') {
        if (stack.pop() !== token.text) throw new VerifyError(`unbalanced ${JSON.stringify(token.text)}`);
      }
    } while (stack.length > 0);
  }
}

const OPENERS = new Set(['{', '(', '[']);

/**
 * One type after `export type N =`: terms joined by `|`/`&`. A term is a literal, a (dotted) name with
 * optional type arguments, or a bracketed group; `[...]` may follow a term on the same line (arrays,
 * indexed access). Where TypeScript would end the type (a line break before `[` or `<`), this ends it
 * too, and then only `;`, the next `export` or the end of the file may follow.
 */
function typeExpression(reader: Reader): void {
  if (reader.is('|') || reader.is('&')) reader.next();
  for (;;) {
    const token = reader.peek();
    if (!token) throw new VerifyError('unexpected end of file in a type');
    if (token.kind === 'string' || token.kind === 'number') reader.next();
    else if (token.kind === 'punct' && token.text === '-') {
      reader.next();
      const number = reader.next();
      if (number.kind !== 'number' || number.newline) throw new VerifyError('"-" not before a number');
    } else if (token.kind === 'ident') {
      reader.next();
      while (reader.is('.') && !reader.peek()!.newline) {
        reader.next();
        if (reader.peek()?.newline) throw new VerifyError('line break in a qualified name');
        reader.ident();
      }
      if (reader.is('<') && !reader.peek()!.newline) reader.group();
    } else if (token.kind === 'punct' && OPENERS.has(token.text)) reader.group();
    else throw new VerifyError(`unexpected ${JSON.stringify(token.text)} in a type`);
    while (reader.is('[') && !reader.peek()!.newline) reader.group();
    if (reader.is('|') || reader.is('&')) {
      reader.next();
      continue;
    }
    if (reader.is(';')) reader.next();
    if (!reader.done && !reader.is('export'))
      throw new VerifyError(`unexpected ${JSON.stringify(reader.peek()!.text)} after a type`);
    return;
  }
}

export interface ToolFileShape {
  identifier: string;
  server: string;
  toolName: string;
}

/**
 * Throws VerifyError unless `source` is exactly: the runtime import, type declarations that include
 * `Args` and `Result`, and `export async function <identifier>(args: Args[ = {}]): Promise<Result>`
 * whose body is `return $callTool<Result>(server, toolName, args);`.
 */
export function verifyToolFile(source: string, expected: ToolFileShape, runtimeImport: string): void {
  if (!IDENTIFIER.test(expected.identifier)) throw new VerifyError('the function name is not an identifier');
  const reader = new Reader(tokenize(source));
  reader.sequence(['import', '{', 'callTool', 'as', '$callTool', '}', 'from', JSON.stringify(runtimeImport), ';']);
  const declared = new Set<string>();
  while (reader.is('export') && (reader.is('interface', 1) || reader.is('type', 1))) {
    reader.next();
    const kind = reader.next().text;
    const name = reader.ident();
    if (declared.has(name)) throw new VerifyError(`the type ${name} is declared twice`);
    if (name === '$callTool') throw new VerifyError('a type shadows $callTool');
    declared.add(name);
    if (kind === 'interface') {
      if (reader.is('extends')) {
        reader.next();
        reader.ident();
        while (reader.is(',')) {
          reader.next();
          reader.ident();
        }
      }
      if (!reader.is('{')) throw new VerifyError(`expected the body of interface ${name}`);
      reader.group();
    } else {
      reader.expect('=');
      typeExpression(reader);
    }
  }
  for (const name of ['Args', 'Result']) if (!declared.has(name)) throw new VerifyError(`${name} is not declared`);
  reader.sequence(['export', 'async', 'function', expected.identifier, '(', 'args', ':', 'Args']);
  if (reader.is('=')) reader.sequence(['=', '{', '}']);
  reader.sequence([')', ':', 'Promise', '<', 'Result', '>', '{', 'return', '$callTool', '<', 'Result', '>', '(']);
  reader.string(expected.server);
  reader.expect(',');
  reader.string(expected.toolName);
  reader.sequence([',', 'args', ')', ';', '}']);
  if (!reader.done) throw new VerifyError(`unexpected ${JSON.stringify(reader.peek()!.text)} after the function`);
}

/** `/servers/<server>/index.ts`: per tool `export { id, type Args as PArgs, type Result as PResult } from "./id.js";`. */
export function verifyServerIndex(source: string, tools: ReadonlyArray<{ identifier: string; prefix: string }>): void {
  const reader = new Reader(tokenize(source));
  if (tools.length === 0) reader.sequence(['export', '{', '}', ';']);
  for (const { identifier, prefix } of tools) {
    if (!IDENTIFIER.test(identifier) || !IDENTIFIER.test(prefix)) throw new VerifyError('a name is not an identifier');
    reader.sequence(['export', '{', identifier, ',', 'type', 'Args', 'as', `${prefix}Args`, ',']);
    reader.sequence([
      'type',
      'Result',
      'as',
      `${prefix}Result`,
      '}',
      'from',
      JSON.stringify(`./${identifier}.js`),
      ';',
    ]);
  }
  if (!reader.done) throw new VerifyError(`unexpected ${JSON.stringify(reader.peek()!.text)} at the end`);
}

/** `/servers/index.ts`: per server `export * as id from "./server/index.js";`. */
export function verifyRootIndex(source: string, servers: ReadonlyArray<{ server: string; identifier: string }>): void {
  const reader = new Reader(tokenize(source));
  if (servers.length === 0) reader.sequence(['export', '{', '}', ';']);
  for (const { server, identifier } of servers) {
    if (!IDENTIFIER.test(identifier)) throw new VerifyError('a server name is not an identifier');
    reader.sequence(['export', '*', 'as', identifier, 'from', JSON.stringify(`./${server}/index.js`), ';']);
  }
  if (!reader.done) throw new VerifyError(`unexpected ${JSON.stringify(reader.peek()!.text)} at the end`);
}
