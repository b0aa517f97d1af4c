import { describe, expect, it } from 'vitest';
import * as utils from '../src/index.js';
import {
  capText,
  closestMatches,
  codeFrame,
  didYouMean,
  errnoCode,
  formatBytes,
  listNames,
  messageOf,
  oneLine,
} from '../src/index.js';

describe('@runbyte/utils', () => {
  it('exports exactly its public surface', () => {
    expect(Object.keys(utils).sort()).toMatchInlineSnapshot(`
      [
        "LineSplitter",
        "capText",
        "closestMatches",
        "codeFrame",
        "didYouMean",
        "editDistance",
        "errnoCode",
        "formatBytes",
        "isObject",
        "jsonRpcIdOf",
        "listNames",
        "messageOf",
        "oneLine",
        "plural",
        "silentLogger",
      ]
    `);
  });

  it('suggests names ignoring case and separators first, then containment, then a few edits', () => {
    expect(closestMatches('create_issue', ['createIssue', 'create_issues', 'listIssues'])).toEqual([
      'createIssue',
      'create_issues',
    ]);
    expect(closestMatches('repository', ['owner', 'repo', 'title'])).toEqual(['repo']);
    expect(closestMatches('comand', ['command', 'args', 'env'])).toEqual(['command']);
    expect(closestMatches('zzz', ['command', 'args'])).toEqual([]);
    expect(didYouMean('mcpServer', ['mcpServers', 'server'])).toBe('Did you mean "mcpServers" or "server"?');
    expect(didYouMean('qqqq', ['mcpServers'])).toBe('');
  });

  it('lists names with a count of the rest', () => {
    expect(listNames(['a', 'b', 'c'], 2)).toBe('"a", "b" and 1 more');
  });

  it('frames two lines before and one after, with a caret under the column', () => {
    const source = 'one\ntwo\nthree\nfour\nfive';
    expect(codeFrame(source, 3, 2)).toBe(
      ['  1 | one', '  2 | two', '> 3 | three', '    |  ^', '  4 | four'].join('\n'),
    );
    expect(codeFrame(source, 9, 1)).toBeUndefined();
  });

  it('formats bytes, caps text and flattens lines', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    const capped = capText('x'.repeat(10_000), 100);
    expect(capped.length).toBeLessThanOrEqual(100);
    expect(capped).toMatch(/more characters cut\]$/);
    expect(oneLine('a\n\u0000b   c')).toBe('a b c');
  });

  it('reads messages and errno codes of anything thrown', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('text')).toBe('text');
    expect(messageOf(42)).toBe('42');
    expect(errnoCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(errnoCode(null)).toBeUndefined();
  });
});
