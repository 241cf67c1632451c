// Pieces every rtnetlink decoder needs: the fixed headers' bounds check, kept-unknown attributes,
// and the kernel's scope and flag names. Pure.
import { DecodeError } from '../errors.js';
import type { NlAttr } from '../netlink/attrs.js';

/** rtnetlink message types (linux/rtnetlink.h). */
export const RTM_NEWLINK = 16;
export const RTM_GETLINK = 18;
export const RTM_SETLINK = 19;
export const RTM_NEWADDR = 20;
export const RTM_GETADDR = 22;
export const RTM_NEWROUTE = 24;
export const RTM_GETROUTE = 26;
export const RTM_NEWRULE = 32;
export const RTM_GETRULE = 34;

/** sizeof(struct ifinfomsg). */
export const IFINFOMSG_LEN = 16;

/** An attribute this decoder does not interpret, kept so nothing the kernel sent is lost. */
export interface UnknownAttr {
  readonly type: number;
  /** The attribute's payload as lower-case hex. */
  readonly hex: string;
}

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** Attributes whose type is above `maxKnown` (added by a newer kernel), as UnknownAttr. */
export function unknownAbove(attrs: readonly NlAttr[], maxKnown: number): UnknownAttr[] {
  return attrs.filter((a) => a.type > maxKnown).map((a) => ({ type: a.type, hex: toHex(a.data) }));
}

/** A DataView over the fixed header at the start of a payload, after checking it is all there. */
export function fixedHeader(payload: Uint8Array, size: number, where: string): DataView {
  if (payload.byteLength < size) {
    throw new DecodeError(where, 0, `header needs ${size} bytes, got ${payload.byteLength}`);
  }
  return new DataView(payload.buffer, payload.byteOffset, size);
}

/** The names `ip` prints for rtm_scope / ifa_scope; other values as their number. */
export function scopeName(scope: number): string {
  switch (scope) {
    case 0:
      return 'global';
    case 200:
      return 'site';
    case 253:
      return 'link';
    case 254:
      return 'host';
    case 255:
      return 'nowhere';
    default:
      return String(scope);
  }
}

/** Names of the set bits of `flags`, in bit order; unnamed bits as hex (e.g. "0x800000"). */
export function flagNames(flags: number, names: ReadonlyMap<number, string>): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const mask = (1 << bit) >>> 0;
    if ((flags & mask) === 0) continue;
    out.push(names.get(mask) ?? `0x${mask.toString(16)}`);
  }
  return out;
}
