import { describe, expect, it } from 'vitest';
import { formatIPv6, parseAddress } from '../../native/ip-address.js';

describe('IP addresses', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:198.51.100.1', '::ffff:198.51.100.1'],
  ])('formats %s canonically as %s', (input, expected) => {
    const parsed = parseAddress(input);
    expect(parsed?.family).toBe(6);
    expect(formatIPv6(parsed!.bytes)).toBe(expected);
  });

  it('parses IPv4 and refuses junk', () => {
    expect(parseAddress('203.0.113.1')).toEqual({
      family: 4,
      bytes: Uint8Array.of(203, 0, 113, 1),
    });
    for (const bad of [
      '256.1.1.1',
      '1.2.3',
      'eth0',
      '1::2::3',
      ':::',
      '203.0.113.1; rm -rf /',
      '',
    ]) {
      expect(parseAddress(bad)).toBeNull();
    }
  });
});
