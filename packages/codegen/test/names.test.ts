import { describe, expect, it } from 'vitest';
import { serverIdentifiers, toIdentifier } from '../src/index.js';
import { assignIdentifiers } from '../src/names.js';

describe('toIdentifier', () => {
  it.each([
    ['create_issue', 'createIssue'],
    ['get-user.info', 'getUserInfo'],
    ['getUserInfo', 'getUserInfo'],
    ['files/read', 'filesRead'],
    ['my tool', 'myTool'],
    ['  spaced  out  ', 'spacedOut'],
    ['GET_USER', 'getUser'],
    ['getHTTPResponse', 'getHttpResponse'],
    ['v2_api', 'v2Api'],
    ['2fa_verify', '_2faVerify'],
    ['123', '_123'],
    ['delete', 'delete_'],
    ['class', 'class_'],
    ['index', 'index_'],
    ['con', 'con_'],
    ['COM1', 'com1_'],
    ['await', 'await_'],
    ['café_lookup', 'cafeLookup'],
    ['naïve-search', 'naiveSearch'],
    ['工具', 'u5de5U5177'],
    ['search 🔍', 'search'],
    ['', 'tool'],
    ['🔍', 'tool'],
    ['*/', 'tool'],
    ['__proto__', 'proto'],
  ])('%j → %s', (name, expected) => {
    expect(toIdentifier(name)).toBe(expected);
  });

  it('cuts very long names to 100 characters, which collisions then number', () => {
    expect(toIdentifier('x'.repeat(300))).toBe('x'.repeat(100));
    expect(assignIdentifiers(['a'.repeat(150), 'a'.repeat(120)])).toEqual(['a'.repeat(100) + '2', 'a'.repeat(100)]);
  });
});

describe('collisions', () => {
  it('keep the exact name, then number the others in code-unit order of their original names', () => {
    expect(assignIdentifiers(['get-user.info', 'getUserInfo', 'get_user_info'])).toEqual([
      'getUserInfo2',
      'getUserInfo',
      'getUserInfo3',
    ]);
  });

  it('never hand out a suffixed name that another tool owns outright', () => {
    expect(assignIdentifiers(['get-user.info', 'getUserInfo', 'getUserInfo2'])).toEqual([
      'getUserInfo3',
      'getUserInfo',
      'getUserInfo2',
    ]);
  });

  it('treat identifiers that differ only in case as a collision (they are file names too)', () => {
    expect(assignIdentifiers(['getuser', 'get_user'])).toEqual(['getuser', 'getUser2']);
  });

  it('do not depend on the order the server lists its tools in', () => {
    const names = ['b-x', 'bX', 'b.x', '', '🔍', 'Dup', 'dup'];
    const forward = assignIdentifiers(names);
    const backward = assignIdentifiers([...names].reverse()).reverse();
    expect(backward).toEqual(forward);
  });

  it('give server identifiers the same treatment, with the fallback "server"', () => {
    expect([...serverIdentifiers(['github', 'git-hub', '', '1password', 'github'])]).toEqual([
      ['github', 'github'],
      ['git-hub', 'gitHub2'],
      ['', 'server'],
      ['1password', '_1password'],
    ]);
  });
});
