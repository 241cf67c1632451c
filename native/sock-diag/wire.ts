// Allocation-light reading of sock_diag replies: a netlink attribute walker (one cursor per walk
// instead of an object and a view per attribute), and little readers over a DataView that
// return `undefined` for a field the (possibly older, shorter) kernel struct does not have.
import { DecodeError } from '../errors.js';

const NLA_HDRLEN = 4;
const NLA_F_NESTED = 0x8000;
const NLA_TYPE_MASK = 0x3fff;

/**
 * Iterates the attributes in `view[begin, end)`. After `next()` returns true, `type`, `nested`,
 * `start` (payload offset in the view) and `length` (payload bytes) describe the current one.
 * Malformed lengths throw DecodeError (offsets are those of the view), like parseAttrs in
 * native/netlink/attrs.ts.
 */
export class AttrWalker {
  type = 0;
  nested = false;
  start = 0;
  length = 0;
  private off: number;

  constructor(
    private readonly view: DataView,
    begin: number,
    private readonly end: number,
    private readonly where: string,
  ) {
    this.off = begin;
  }

  next(): boolean {
    const { view, off, end } = this;
    if (off + NLA_HDRLEN > end) {
      if (off < end) {
        throw new DecodeError(this.where, off, `${end - off} trailing bytes`);
      }
      return false;
    }
    const len = view.getUint16(off, true);
    if (len < NLA_HDRLEN || off + len > end) {
      throw new DecodeError(this.where, off, `attribute length ${len} does not fit`);
    }
    const raw = view.getUint16(off + 2, true);
    this.type = raw & NLA_TYPE_MASK;
    this.nested = (raw & NLA_F_NESTED) !== 0;
    this.start = off + NLA_HDRLEN;
    this.length = len - NLA_HDRLEN;
    this.off = off + ((len + 3) & ~3);
    return true;
  }

  /** The current attribute's payload as a fixed-size scalar; throws if it is too short. */
  need(size: number): number {
    if (this.length < size) {
      throw new DecodeError(
        this.where,
        this.start,
        `attribute ${this.type} has ${this.length} bytes, need ${size}`,
      );
    }
    return this.start;
  }

  u8(): number {
    return this.view.getUint8(this.need(1));
  }
  u16(): number {
    return this.view.getUint16(this.need(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }
  /** u64 as a number (exact below 2^53). */
  u64(): number {
    return u64At(this.view, this.need(8));
  }
  /** u64 as lower-case hex without leading zeros (sequence numbers, as ss prints them). */
  u64Hex(): string {
    return u64HexAt(this.view, this.need(8));
  }
  /** NUL-terminated string. */
  string(): string {
    let n = 0;
    while (n < this.length && this.view.getUint8(this.start + n) !== 0) n++;
    return Buffer.from(this.view.buffer, this.view.byteOffset + this.start, n).toString('utf8');
  }
  /** Whether the payload is exactly the NUL-terminated `ascii` text (no string is built). */
  isString(ascii: string): boolean {
    if (this.length < ascii.length) return false;
    for (let i = 0; i < ascii.length; i++) {
      if (this.view.getUint8(this.start + i) !== ascii.charCodeAt(i)) return false;
    }
    return this.length === ascii.length || this.view.getUint8(this.start + ascii.length) === 0;
  }
  /** The payload as hex text (for attributes we keep but do not decode). */
  hex(): string {
    return Buffer.from(this.view.buffer, this.view.byteOffset + this.start, this.length).toString(
      'hex',
    );
  }
}

export function u64At(view: DataView, off: number): number {
  return view.getUint32(off + 4, true) * 0x1_0000_0000 + view.getUint32(off, true);
}

export function u64HexAt(view: DataView, off: number): string {
  const hi = view.getUint32(off + 4, true);
  const lo = view.getUint32(off, true);
  if (hi === 0) return lo.toString(16);
  return hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/**
 * Reads fields of a C struct received in `length` bytes at `start`: a field that lies (even
 * partly) beyond `length` is `undefined` — an older kernel sent a shorter struct.
 */
export class StructReader {
  constructor(
    readonly view: DataView,
    readonly start: number,
    readonly length: number,
  ) {}

  has(off: number, size: number): boolean {
    return off + size <= this.length;
  }
  u8(off: number): number | undefined {
    return off + 1 <= this.length ? this.view.getUint8(this.start + off) : undefined;
  }
  u16(off: number): number | undefined {
    return off + 2 <= this.length ? this.view.getUint16(this.start + off, true) : undefined;
  }
  u32(off: number): number | undefined {
    return off + 4 <= this.length ? this.view.getUint32(this.start + off, true) : undefined;
  }
  u64(off: number): number | undefined {
    return off + 8 <= this.length ? u64At(this.view, this.start + off) : undefined;
  }
  /** A u64 where all ones means "no limit": that comes out as Infinity. */
  u64Rate(off: number): number | undefined {
    if (off + 8 > this.length) return undefined;
    const at = this.start + off;
    if (
      this.view.getUint32(at, true) === 0xffffffff &&
      this.view.getUint32(at + 4, true) === 0xffffffff
    ) {
      return Infinity;
    }
    return u64At(this.view, at);
  }
  u64Hex(off: number): string | undefined {
    return off + 8 <= this.length ? u64HexAt(this.view, this.start + off) : undefined;
  }
}

/** µs → ms, keeping `undefined`. */
export const usToMs = (us: number | undefined): number | undefined =>
  us === undefined ? undefined : us / 1000;
