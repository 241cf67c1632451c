import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import {
  attrBe16,
  attrMap,
  attrNested,
  attrString,
  attrU16,
  attrU32,
  attrU64,
  attrU8,
  encodeBe16,
  encodeNested,
  encodeString,
  encodeU16,
  encodeU32,
  encodeU8,
  parseAttrs,
} from '../../../native/netlink/attrs.js';
import { seededRandom, randomBytes, unexpectedError } from '../../support/fuzz.js';

describe('netlink attributes', () => {
  it('round-trips scalars, strings and nesting with 4-byte alignment', () => {
    const bytes = Buffer.concat([
      encodeU8(1, 7),
      encodeU16(2, 0xbeef),
      encodeBe16(3, 5201),
      encodeU32(4, 0xdeadbeef),
      encodeString(5, 'blue-c'),
      encodeNested(6, [encodeU32(1, 42), encodeString(2, 'x')]),
    ]);
    expect(bytes.byteLength % 4).toBe(0);
    const attrs = attrMap(parseAttrs(bytes, 'test'));
    expect(attrU8(attrs.get(1)!)).toBe(7);
    expect(attrU16(attrs.get(2)!)).toBe(0xbeef);
    expect(attrBe16(attrs.get(3)!)).toBe(5201);
    expect(attrU32(attrs.get(4)!)).toBe(0xdeadbeef);
    expect(attrString(attrs.get(5)!)).toBe('blue-c');
    const nested = attrs.get(6)!;
    expect(nested.nested).toBe(true);
    const inner = attrMap(attrNested(nested, 'inner'));
    expect(attrU32(inner.get(1)!)).toBe(42);
    expect(attrString(inner.get(2)!)).toBe('x');
  });

  it('reads a u64 little-endian counter', () => {
    const b = new Uint8Array(12);
    const v = new DataView(b.buffer);
    v.setUint16(0, 12, true);
    v.setUint16(2, 9, true);
    v.setBigUint64(4, 123456789012345n, true);
    expect(attrU64(parseAttrs(b, 'u64')[0]!)).toBe(123456789012345);
  });

  it('names the offset of an attribute that overruns its buffer', () => {
    const good = encodeU32(1, 1);
    const bad = Buffer.concat([good, Uint8Array.of(200, 0, 2, 0, 0, 0, 0, 0)]);
    expect(() => parseAttrs(bad, 'endpoint')).toThrow(DecodeError);
    expect(() => parseAttrs(bad, 'endpoint')).toThrow(/endpoint at byte 8/);
  });

  it('rejects a length below the header size instead of looping', () => {
    expect(() => parseAttrs(Uint8Array.of(0, 0, 1, 0), 'x')).toThrow(DecodeError);
  });

  it('rejects a too-short scalar', () => {
    const [a] = parseAttrs(encodeU8(1, 1), 'x');
    expect(() => attrU32(a!)).toThrow(DecodeError);
  });

  it('never throws anything but DecodeError on random bytes', () => {
    const rand = seededRandom(1234);
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(rand, Math.floor(rand() * 64));
      expect(unexpectedError(() => parseAttrs(bytes, 'fuzz'))).toBeUndefined();
    }
  });
});
