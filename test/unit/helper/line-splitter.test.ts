import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../electron/helper/line-splitter.js';

const feed = (splitter: LineSplitter, ...chunks: string[]) =>
  chunks.flatMap((c) => splitter.push(Buffer.from(c)));

describe('LineSplitter', () => {
  it('splits on newlines across chunk boundaries and drops a trailing CR', () => {
    const s = new LineSplitter(100);
    expect(feed(s, 'ab', 'c\nde', 'f\r\n\n')).toEqual([
      { kind: 'line', text: 'abc' },
      { kind: 'line', text: 'def' },
      { kind: 'line', text: '' },
    ]);
    expect(s.end()).toEqual([]);
  });

  it('returns a last line without newline at the end of input', () => {
    const s = new LineSplitter(100);
    expect(feed(s, 'tail')).toEqual([]);
    expect(s.end()).toEqual([{ kind: 'line', text: 'tail' }]);
  });

  it('accepts a line of exactly the bound and skips a longer one up to its newline', () => {
    const s = new LineSplitter(4);
    expect(feed(s, '1234\n')).toEqual([{ kind: 'line', text: '1234' }]);
    expect(feed(s, '123', '45', '678\nok\n')).toEqual([
      { kind: 'overflow', bytes: 8 },
      { kind: 'line', text: 'ok' },
    ]);
  });

  it('never holds more than the bound while skipping a huge line', () => {
    const s = new LineSplitter(16);
    for (let i = 0; i < 1000; i++) expect(s.push(Buffer.alloc(1024, 0x61))).toEqual([]);
    expect(s.push(Buffer.from('\n'))).toEqual([{ kind: 'overflow', bytes: 1024 * 1000 }]);
    expect(s.end()).toEqual([]);
  });

  it('keeps multi-byte UTF-8 characters split across chunks intact', () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('→x\n');
    expect([...s.push(bytes.subarray(0, 1)), ...s.push(bytes.subarray(1))]).toEqual([
      { kind: 'line', text: '→x' },
    ]);
  });
});
