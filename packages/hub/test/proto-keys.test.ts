import { describe, expect, it } from 'vitest';
import { mayHoldProtoKey, refusingProtoKeys, refusingProtoKeysInBytes } from '../src/transports/proto-keys.js';

describe('answers with a "__proto__" key', () => {
  it('are found when the key is written with \\u escapes, which JSON.parse turns into the same key', () => {
    const line = '{"jsonrpc":"2.0","id":3,"result":{"content":[],"structuredContent":{"\\u005f_proto__":{"x":1}}}}';
    expect(line.includes('__proto__')).toBe(false);
    expect(mayHoldProtoKey(line)).toBe(true);
    expect(refusingProtoKeys(JSON.parse(line))).toMatchObject({
      id: 3,
      error: { message: expect.stringContaining('(at result.structuredContent.__proto__)') },
    });
    const event = new TextEncoder().encode(`event: message\ndata: ${line}\n\n`);
    expect(new TextDecoder().decode(refusingProtoKeysInBytes(event, true))).toContain('"error"');
  });

  it('leave other answers untouched, without parsing them', () => {
    const bytes = new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"result":{"content":[]}}');
    expect(mayHoldProtoKey(Buffer.from(bytes))).toBe(false);
    expect(refusingProtoKeysInBytes(bytes, false)).toBe(bytes);
  });
});
