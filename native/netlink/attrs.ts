// Netlink attributes (struct nlattr, TLVs aligned to 4 bytes): decoding into views over the
// received bytes, typed readers, and encoders for requests. Pure: bytes in, data out.
import { DecodeError } from '../errors.js';

export const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** One attribute; `data` is a view into the message buffer (no copy). */
export interface NlAttr {
  readonly type: number;
  readonly nested: boolean;
  readonly data: Uint8Array;
}

export const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Splits a run of attributes. A length below the header or beyond the end is malformed: the
 * kernel never sends one, so we stop with a DecodeError rather than guess.
 */
export function parseAttrs(buf: Uint8Array, where: string): NlAttr[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const attrs: NlAttr[] = [];
  let off = 0;
  while (off + NLA_HDRLEN <= buf.byteLength) {
    const len = view.getUint16(off, true);
    const rawType = view.getUint16(off + 2, true);
    if (len < NLA_HDRLEN || off + len > buf.byteLength) {
      throw new DecodeError(where, off, `attribute length ${len} does not fit`);
    }
    attrs.push({
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & NLA_F_NESTED) !== 0,
      data: buf.subarray(off + NLA_HDRLEN, off + len),
    });
    off += align4(len);
  }
  if (off < buf.byteLength) {
    throw new DecodeError(where, off, `${buf.byteLength - off} trailing bytes`);
  }
  return attrs;
}

/** Attributes by type; a later duplicate replaces an earlier one. */
export function attrMap(attrs: readonly NlAttr[]): Map<number, NlAttr> {
  const map = new Map<number, NlAttr>();
  for (const a of attrs) map.set(a.type, a);
  return map;
}

function need(a: NlAttr, size: number, where: string): DataView {
  if (a.data.byteLength < size) {
    throw new DecodeError(
      where,
      0,
      `attribute ${a.type} has ${a.data.byteLength} bytes, need ${size}`,
    );
  }
  return new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

export const attrU8 = (a: NlAttr, where = 'u8 attribute'): number => need(a, 1, where).getUint8(0);
export const attrU16 = (a: NlAttr, where = 'u16 attribute'): number =>
  need(a, 2, where).getUint16(0, true);
/** A 16-bit value in network byte order (ports in MPTCP events). */
export const attrBe16 = (a: NlAttr, where = 'be16 attribute'): number =>
  need(a, 2, where).getUint16(0, false);
export const attrU32 = (a: NlAttr, where = 'u32 attribute'): number =>
  need(a, 4, where).getUint32(0, true);
export const attrS32 = (a: NlAttr, where = 's32 attribute'): number =>
  need(a, 4, where).getInt32(0, true);
/** u64 as a JS number: exact up to 2^53 (8 PiB), far beyond any byte counter we read. */
export const attrU64 = (a: NlAttr, where = 'u64 attribute'): number =>
  Number(need(a, 8, where).getBigUint64(0, true));

/** A NUL-terminated string (the NUL and anything after it is dropped). */
export function attrString(a: NlAttr): string {
  const nul = a.data.indexOf(0);
  return Buffer.from(a.data.buffer, a.data.byteOffset, nul < 0 ? a.data.byteLength : nul).toString(
    'utf8',
  );
}

export const attrNested = (a: NlAttr, where: string): NlAttr[] => parseAttrs(a.data, where);

// ---- encoding ----

export function encodeAttr(type: number, payload: Uint8Array, nested = false): Uint8Array {
  const len = NLA_HDRLEN + payload.byteLength;
  const out = new Uint8Array(align4(len));
  const view = new DataView(out.buffer);
  view.setUint16(0, len, true);
  view.setUint16(2, type | (nested ? NLA_F_NESTED : 0), true);
  out.set(payload, NLA_HDRLEN);
  return out;
}

function fixed(size: number, write: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(size);
  write(new DataView(b.buffer));
  return b;
}

export const encodeU8 = (type: number, v: number): Uint8Array =>
  encodeAttr(
    type,
    fixed(1, (d) => {
      d.setUint8(0, v);
    }),
  );
export const encodeU16 = (type: number, v: number): Uint8Array =>
  encodeAttr(
    type,
    fixed(2, (d) => {
      d.setUint16(0, v, true);
    }),
  );
export const encodeBe16 = (type: number, v: number): Uint8Array =>
  encodeAttr(
    type,
    fixed(2, (d) => {
      d.setUint16(0, v, false);
    }),
  );
export const encodeU32 = (type: number, v: number): Uint8Array =>
  encodeAttr(
    type,
    fixed(4, (d) => {
      d.setUint32(0, v >>> 0, true);
    }),
  );
export const encodeS32 = (type: number, v: number): Uint8Array =>
  encodeAttr(
    type,
    fixed(4, (d) => {
      d.setInt32(0, v, true);
    }),
  );
export const encodeString = (type: number, s: string): Uint8Array =>
  encodeAttr(type, Buffer.concat([Buffer.from(s, 'utf8'), Buffer.alloc(1)]));
export const encodeNested = (type: number, children: readonly Uint8Array[]): Uint8Array =>
  encodeAttr(type, concatBytes(children), true);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
