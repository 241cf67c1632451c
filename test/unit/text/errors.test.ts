// Unit tests of ParseError: typed fields, and a message that says where and what.
import { describe, expect, it } from 'vitest';
import { ParseError, quote } from '../../../native/text/errors.js';

describe('ParseError', () => {
  it('carries source, line and detail, and says where and what', () => {
    const error = new ParseError({ source: 'ss -tinM', line: 7, detail: 'cwnd: expected a count' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ParseError');
    expect(error).toMatchObject({ source: 'ss -tinM', line: 7, detail: 'cwnd: expected a count' });
    expect(error.message).toBe('cannot parse ss -tinM, line 7: cwnd: expected a count');
  });

  it('leaves the line out when the input as a whole is at fault', () => {
    const error = new ParseError({
      source: 'ip mptcp limits show',
      line: 0,
      detail: 'empty output',
    });
    expect(error.message).toBe('cannot parse ip mptcp limits show: empty output');
  });
});

describe('quote', () => {
  it('quotes short text and cuts long text', () => {
    expect(quote('estab')).toBe('"estab"');
    expect(quote('x'.repeat(100), 10)).toBe(`"${'x'.repeat(10)}…"`);
  });
});
