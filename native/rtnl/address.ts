// rtnetlink addresses (RTM_NEWADDR / struct ifaddrmsg): the dump request and the decoder for
// IPv4 and IPv6 interface addresses. Pure: bytes in, data out.
import { DecodeError } from '../errors.js';
import { AF_INET, AF_INET6, formatAddress } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';
import { attrMap, attrString, attrU32, parseAttrs } from '../netlink/attrs.js';
import type { NlAttr } from '../netlink/attrs.js';
import type { NlMessage } from '../netlink/message.js';
import { fixedHeader, flagNames, scopeName, unknownAbove } from './shared.js';
import type { UnknownAttr } from './shared.js';

/** sizeof(struct ifaddrmsg). */
export const IFADDRMSG_LEN = 8;

const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const IFA_LABEL = 3;
const IFA_BROADCAST = 4;
const IFA_CACHEINFO = 6;
const IFA_FLAGS = 8;
/** The last IFA_* this decoder knows (IFA_PROTO); anything above is kept as unknown. */
const IFA_MAX_KNOWN = 11;
const INFINITY_LIFE_TIME = 0xffffffff;

export const IFA_F_SECONDARY = 0x01;
export const IFA_F_NODAD = 0x02;
export const IFA_F_TENTATIVE = 0x40;
export const IFA_F_PERMANENT = 0x80;

const IFA_F_NAMES: ReadonlyMap<number, string> = new Map([
  [0x01, 'secondary'], // 'temporary' for IPv6 (same bit), fixed up below
  [0x02, 'nodad'],
  [0x04, 'optimistic'],
  [0x08, 'dadfailed'],
  [0x10, 'homeaddress'],
  [0x20, 'deprecated'],
  [0x40, 'tentative'],
  [0x80, 'permanent'],
  [0x100, 'mngtmpaddr'],
  [0x200, 'noprefixroute'],
  [0x400, 'autojoin'],
  [0x800, 'stable-privacy'],
]);

/** One IPv4 or IPv6 address of an interface. */
export interface InterfaceAddress {
  readonly ifindex: number;
  readonly family: AddressFamily;
  /** The local address: IFA_LOCAL when present (IPv4, point-to-point), else IFA_ADDRESS. */
  readonly address: string;
  /** Prefix length in bits. */
  readonly prefixLength: number;
  /** The other end of a point-to-point link (IFA_ADDRESS when it differs from IFA_LOCAL). */
  readonly peer?: string;
  /** 'global', 'site', 'link', 'host', 'nowhere', or the number for other values. */
  readonly scope: string;
  /** IFA_F_* flags: the u32 IFA_FLAGS attribute when present, else the u8 ifa_flags field. */
  readonly flags: number;
  /** Names of the set flags as `ip` prints them: permanent, nodad, tentative, secondary, … */
  readonly flagNames: readonly string[];
  /** IPv4 label (e.g. "eth0:1"). */
  readonly label?: string;
  readonly broadcast?: string;
  /** Remaining lifetimes in seconds; null means forever. Absent when the kernel sent none. */
  readonly validLifetimeSec?: number | null;
  readonly preferredLifetimeSec?: number | null;
  readonly unknown: readonly UnknownAttr[];
}

/**
 * The payload of an RTM_GETADDR dump request: an ifaddrmsg whose family selects IPv4 (2),
 * IPv6 (10) or both (0).
 */
export function encodeAddressDumpRequest(family: 0 | 2 | 10 = 0): Uint8Array {
  const out = new Uint8Array(IFADDRMSG_LEN);
  out[0] = family;
  return out;
}

/**
 * Decodes one RTM_NEWADDR message. Returns null for families other than IPv4/IPv6 (MCTP, …),
 * which a dump of every family may include. Throws DecodeError on malformed bytes.
 */
export function decodeAddress(msg: NlMessage): InterfaceAddress | null {
  const where = 'rtnetlink address';
  const head = fixedHeader(msg.payload, IFADDRMSG_LEN, where);
  const kernelFamily = head.getUint8(0);
  if (kernelFamily !== AF_INET && kernelFamily !== AF_INET6) return null;
  const family: AddressFamily = kernelFamily === AF_INET ? 4 : 6;
  const prefixLength = head.getUint8(1);
  const scope = head.getUint8(3);
  const ifindex = head.getUint32(4, true);
  const list = parseAttrs(msg.payload.subarray(IFADDRMSG_LEN), where);
  const attrs = attrMap(list);

  const ip = (a: NlAttr | undefined): string | undefined =>
    a ? formatAddress(kernelFamily, a.data) : undefined;
  const local = ip(attrs.get(IFA_LOCAL));
  const prefixAddr = ip(attrs.get(IFA_ADDRESS));
  const address = local ?? prefixAddr;
  if (address === undefined) {
    throw new DecodeError(where, IFADDRMSG_LEN, `address on link ${ifindex} has no IFA_ADDRESS`);
  }
  const flagsAttr = attrs.get(IFA_FLAGS);
  const flags = flagsAttr ? attrU32(flagsAttr, where) : head.getUint8(2);
  let names = flagNames(flags, IFA_F_NAMES);
  if (family === 6) names = names.map((n) => (n === 'secondary' ? 'temporary' : n));

  const labelAttr = attrs.get(IFA_LABEL);
  const broadcast = ip(attrs.get(IFA_BROADCAST));
  const cache = attrs.get(IFA_CACHEINFO);
  let lifetimes: { validLifetimeSec: number | null; preferredLifetimeSec: number | null } | null =
    null;
  if (cache) {
    if (cache.data.byteLength < 16) {
      throw new DecodeError(where, 0, `IFA_CACHEINFO has ${cache.data.byteLength} bytes, need 16`);
    }
    const v = new DataView(cache.data.buffer, cache.data.byteOffset, 16);
    const life = (n: number): number | null => (n === INFINITY_LIFE_TIME ? null : n);
    lifetimes = {
      preferredLifetimeSec: life(v.getUint32(0, true)),
      validLifetimeSec: life(v.getUint32(4, true)),
    };
  }

  return {
    ifindex,
    family,
    address,
    prefixLength,
    ...(local !== undefined && prefixAddr !== undefined && prefixAddr !== local
      ? { peer: prefixAddr }
      : {}),
    scope: scopeName(scope),
    flags,
    flagNames: names,
    ...(labelAttr ? { label: attrString(labelAttr) } : {}),
    ...(broadcast !== undefined ? { broadcast } : {}),
    ...(lifetimes ?? {}),
    unknown: unknownAbove(list, IFA_MAX_KNOWN),
  };
}
