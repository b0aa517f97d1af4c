import { describe, expect, it } from 'vitest';
import { escapeCommentText, jsdoc, summarize } from '../src/jsdoc.js';

describe('comment escaping', () => {
  it('cannot be closed early by the text', () => {
    const doc = jsdoc(['a */ export const x = 1; /* b']);
    expect(doc.slice(0, -3)).not.toContain('*/');
    expect(doc.endsWith(' */')).toBe(true);
  });

  it('keeps backticks and ${} as text, which inside a comment is all they are', () => {
    expect(escapeCommentText('run `x` with ${y}')).toBe('run `x` with ${y}');
  });

  it('turns every kind of line break into a new comment line', () => {
    expect(jsdoc(['one\r\ntwo\rthree\u2028four'])).toBe('/**\n * one\n * two\n * three\n * four\n */');
  });

  it('writes nothing for no text', () => {
    expect(jsdoc(['', '  '])).toBe('');
  });
});

describe('summarize', () => {
  it('takes the first sentence on one line', () => {
    expect(summarize('Create a new issue.\nIt needs a repo. More text.')).toBe('Create a new issue.');
  });

  it('keeps a short description without a full stop as it is', () => {
    expect(summarize('Search for GitHub repositories')).toBe('Search for GitHub repositories');
  });

  it('cuts very long sentences', () => {
    const summary = summarize('word '.repeat(100));
    expect(summary.length).toBeLessThanOrEqual(160);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('is empty without a description', () => {
    expect(summarize(undefined)).toBe('');
  });
});
