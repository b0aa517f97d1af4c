/** Where a JSON text first goes wrong, and why, in words a user can act on. */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * JSON.parse says what went wrong but, on Node 20, often not where; this scanner walks the same grammar
 * to find the first offending character and name the usual mistakes (trailing commas, comments, single
 * quotes, missing commas). Returns undefined when the text is valid JSON.
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const at = (offset: number, message: string): never => {
    throw Object.assign(new Error(message), { offset });
  };
  const ws = (): void => {
    while (i < text.length && /[ \t\r\n\uFEFF]/.test(text[i]!)) i++;
    if (text.startsWith('//', i) || text.startsWith('/*', i)) at(i, 'comments are not allowed in JSON; remove them');
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `${JSON.stringify(text[i])}`);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === "'") at(i, 'strings must use double quotes (")');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    at(i, `expected a value but found ${describe()}`);
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === '}') at(i, 'trailing comma before "}"; remove the last comma');
      if (text[i] === "'") at(i, 'property names must use double quotes (")');
      if (text[i] !== '"') at(i, `expected a property name in double quotes but found ${describe()}`);
      string();
      ws();
      if (text[i] !== ':') at(i, `expected ":" after the property name but found ${describe()}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      at(
        i,
        i >= text.length
          ? 'unexpected end of the file: a "}" is missing'
          : `expected "," or "}" but found ${describe()} (a comma missing?)`,
      );
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') at(i, 'trailing comma before "]"; remove the last comma');
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      at(
        i,
        i >= text.length
          ? 'unexpected end of the file: a "]" is missing'
          : `expected "," or "]" but found ${describe()} (a comma missing?)`,
      );
    }
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) at(i, 'invalid \\u escape: it needs four hex digits');
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next))
          at(i, `invalid escape "\\${next ?? ''}" in a string (write \\\\ for a backslash)`);
        i += 2;
        continue;
      }
      if (c === '\n' || c.charCodeAt(0) < 0x20)
        at(i, 'line break or control character inside a string; close the string or write \\n');
      i++;
    }
    at(start, 'this string is never closed');
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) at(i, `invalid number starting with ${describe()}`);
    i += match![0].length;
  };

  try {
    value();
    ws();
    if (i < text.length) at(i, `unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    const offset = (error as { offset?: number }).offset ?? i;
    const before = text.slice(0, offset).split('\n');
    return {
      line: before.length,
      column: (before[before.length - 1]?.length ?? 0) + 1,
      message: (error as Error).message,
    };
  }
}
