import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

describe('the CLI logger', () => {
  it('writes one line per entry at or above its level, with the data as JSON', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', stream, timestamps: false });
    logger.debug('hidden');
    logger.info('listening', { port: 3000 });
    logger.warn('two\nlines', { error: new Error('boom') });
    logger.error('empty data', {});
    expect(lines()).toEqual([
      'info  listening {"port":3000}',
      'warn  two',
      '    lines {"error":"boom"}',
      'error empty data',
    ]);
  });

  it('is silent at level silent, and shows debug at level debug with an ISO timestamp', () => {
    const silent = capture();
    createLogger({ level: 'silent', stream: silent.stream }).error('nothing');
    expect(silent.lines()).toEqual([]);
    const debug = capture();
    createLogger({ level: 'debug', stream: debug.stream }).debug('detail');
    expect(debug.lines()[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z debug detail$/);
  });
});
