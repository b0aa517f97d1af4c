// Text from downstream servers (descriptions, names) ends up inside generated comments. It must never
// end the comment early: everything after a stray `*/` would be code that runs in the sandbox.

/** Makes text safe inside a block comment: `*\/` cannot close it, and all line breaks become `\n`. */
export function escapeCommentText(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
      .replace(/\*\//g, '*\\/')
      // Control characters are never meaningful in docs and some editors render them badly.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

/** A JSDoc block from paragraphs of text (empty strings make blank lines), escaped. */
export function jsdoc(lines: readonly string[], indent = ''): string {
  const body = lines
    .flatMap((line) => escapeCommentText(line).split('\n'))
    .map((line) => (line.trimEnd() ? `${indent} * ${line.trimEnd()}` : `${indent} *`));
  // Trailing blank lines add nothing.
  while (body.length > 0 && body[body.length - 1] === `${indent} *`) body.pop();
  if (body.length === 0) return '';
  return `${indent}/**\n${body.join('\n')}\n${indent} */`;
}

/** A one-line comment (`// ...`), escaped so it stays on one line. */
export function lineComment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`;
}

const SUMMARY_MAX = 160;

/** First sentence of a description, on one line, for listings. Empty when there is no description. */
export function summarize(description: string | undefined): string {
  if (!description) return '';
  const oneLine = description.replace(/\s+/g, ' ').trim();
  // A sentence ends at `.`, `!` or `?` followed by a space (not inside `e.g.` when possible: it
  // takes the first end that leaves at least a few words).
  const match = /^(.{12,}?[.!?])(\s|$)/.exec(oneLine);
  const sentence = match ? match[1]! : oneLine;
  return sentence.length > SUMMARY_MAX ? `${sentence.slice(0, SUMMARY_MAX - 1).trimEnd()}…` : sentence;
}
