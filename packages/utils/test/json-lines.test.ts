import { describe, expect, it } from 'vitest';
import { LineSplitter, jsonRpcIdOf } from '../src/index.js';

describe('LineSplitter', () => {
  it('splits lines across chunks and strips a CR', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push(Buffer.from('{"a":1}\r\n{"b"'))).toEqual([{ line: '{"a":1}' }]);
    expect(splitter.push(Buffer.from(':2}\n\n'))).toEqual([{ line: '{"b":2}' }]);
  });

  it('reports a line past the limit with its ends and keeps the lines after it', () => {
    const splitter = new LineSplitter(64);
    const big = `{"jsonrpc":"2.0","method":"x","params":{"s":"${'a'.repeat(500)}"},"id":7}`;
    const events = [
      ...splitter.push(Buffer.from(big.slice(0, 100))),
      ...splitter.push(Buffer.from(big.slice(100) + '\n{"ok":true}\n')),
    ];
    expect(events).toHaveLength(2);
    const first = events[0];
    expect(first && 'oversized' in first && first.oversized.bytes).toBe(big.length);
    expect(first && 'oversized' in first && jsonRpcIdOf(first.oversized)).toBe(7);
    expect(events[1]).toEqual({ line: '{"ok":true}' });
  });
});

describe('jsonRpcIdOf', () => {
  it('finds the id at either end of the message, not one nested in params', () => {
    expect(jsonRpcIdOf({ head: '{"jsonrpc":"2.0","id":"abc","method":"x","params":{', tail: '' })).toBe('abc');
    expect(jsonRpcIdOf({ head: '{"method":"x","params":{"id":5,', tail: '...,"id":5}},"jsonrpc":"2.0"}' })).toBe(null);
    expect(jsonRpcIdOf({ head: '{"result":{', tail: '"}]},"jsonrpc":"2.0","id":12}' })).toBe(12);
  });
});
