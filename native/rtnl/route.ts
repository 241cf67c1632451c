// rtnetlink routes (RTM_NEWROUTE / struct rtmsg): the dump request and a decoder for the
// fields a source-routing check needs (table, destination, source, output link, gateway). Pure.
import { DecodeError } from '../errors.js';
import { AF_INET, AF_INET6, formatAddress } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';
import { attrMap, attrU32, parseAttrs } from '../netlink/attrs.js';
import type { NlAttr } from '../netlink/attrs.js';
import type { NlMessage } from '../netlink/message.js';
import { fixedHeader, scopeName, unknownAbove } from './shared.js';
import type { UnknownAttr } from './shared.js';

/** sizeof(struct rtmsg). */
export const RTMSG_LEN = 12;
const RTNH_LEN = 8;

const RTA_DST = 1;
const RTA_SRC = 2;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_PRIORITY = 6;
const RTA_PREFSRC = 7;
const RTA_MULTIPATH = 9;
const RTA_TABLE = 15;
const RTA_VIA = 18;
/** The last RTA_* this decoder knows (RTA_FLOWLABEL); anything above is kept as unknown. */
const RTA_MAX_KNOWN = 31;

const ROUTE_TYPES = [
  'unspec',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
] as const;

/** One next hop of a multipath route. */
export interface NextHop {
  readonly oif: number;
  readonly gateway?: string;
  /** Relative weight (rtnh_hops + 1, as `ip route` shows it). */
  readonly weight: number;
  /** RTNH_F_* flags (1 dead, 4 onlink, 16 linkdown). */
  readonly flags: number;
}

export interface Route {
  readonly family: AddressFamily;
  /** Routing table id: 254 main, 255 local, 253 default, others user-defined. */
  readonly table: number;
  /** RTN_* type as a name ('unicast', 'local', 'broadcast', …) or the number as text. */
  readonly type: string;
  /** RTPROT_* number (2 kernel, 3 boot, 4 static, …). */
  readonly protocol: number;
  readonly scope: string;
  /** Destination prefix address; null for the default route. */
  readonly dst: string | null;
  /** Destination prefix length in bits. */
  readonly dstLength: number;
  /** Source prefix of a source-specific (IPv6 "from") route. */
  readonly src?: string;
  readonly srcLength: number;
  /** Output interface ifindex. */
  readonly oif?: number;
  readonly gateway?: string;
  /** Preferred source address for packets using this route. */
  readonly prefsrc?: string;
  /** Metric. */
  readonly priority?: number;
  readonly nexthops: readonly NextHop[];
  readonly unknown: readonly UnknownAttr[];
}

/** The payload of an RTM_GETROUTE dump: family 0 (all), 2 (IPv4) or 10 (IPv6); every table. */
export function encodeRouteDumpRequest(family: 0 | 2 | 10 = 0): Uint8Array {
  const out = new Uint8Array(RTMSG_LEN);
  out[0] = family;
  return out;
}

/** RTA_GATEWAY in the route's own family, or RTA_VIA (IPv4 over an IPv6 next hop). */
function gatewayOf(attrs: Map<number, NlAttr>, family: number, where: string): string | undefined {
  const gw = attrs.get(RTA_GATEWAY);
  if (gw) return formatAddress(family, gw.data);
  const via = attrs.get(RTA_VIA);
  if (via) {
    if (via.data.byteLength < 2) throw new DecodeError(where, 0, 'RTA_VIA shorter than 2 bytes');
    const viaFamily = new DataView(via.data.buffer, via.data.byteOffset, 2).getUint16(0, true);
    return formatAddress(viaFamily, via.data.subarray(2));
  }
  return undefined;
}

function decodeNextHops(a: NlAttr, family: number, where: string): NextHop[] {
  const out: NextHop[] = [];
  const buf = a.data;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off + RTNH_LEN <= buf.byteLength) {
    const len = view.getUint16(off, true);
    if (len < RTNH_LEN || off + len > buf.byteLength) {
      throw new DecodeError(where, off, `next hop length ${len} does not fit`);
    }
    const inner = attrMap(parseAttrs(buf.subarray(off + RTNH_LEN, off + len), where));
    const gateway = gatewayOf(inner, family, where);
    out.push({
      oif: view.getInt32(off + 4, true),
      ...(gateway !== undefined ? { gateway } : {}),
      weight: view.getUint8(off + 3) + 1,
      flags: view.getUint8(off + 2),
    });
    off += (len + 3) & ~3;
  }
  return out;
}

/** Decodes one RTM_NEWROUTE message; null for families other than IPv4/IPv6 (multicast, MPLS). */
export function decodeRoute(msg: NlMessage): Route | null {
  const where = 'rtnetlink route';
  const head = fixedHeader(msg.payload, RTMSG_LEN, where);
  const kernelFamily = head.getUint8(0);
  if (kernelFamily !== AF_INET && kernelFamily !== AF_INET6) return null;
  const list = parseAttrs(msg.payload.subarray(RTMSG_LEN), where);
  const attrs = attrMap(list);
  const ip = (type: number): string | undefined => {
    const a = attrs.get(type);
    return a ? formatAddress(kernelFamily, a.data) : undefined;
  };
  const u32 = (type: number): number | undefined => {
    const a = attrs.get(type);
    return a ? attrU32(a, where) : undefined;
  };
  const typeNumber = head.getUint8(7);
  const src = ip(RTA_SRC);
  const oif = u32(RTA_OIF);
  const gateway = gatewayOf(attrs, kernelFamily, where);
  const prefsrc = ip(RTA_PREFSRC);
  const priority = u32(RTA_PRIORITY);
  const multipath = attrs.get(RTA_MULTIPATH);
  return {
    family: kernelFamily === AF_INET ? 4 : 6,
    table: u32(RTA_TABLE) ?? head.getUint8(4),
    type: ROUTE_TYPES[typeNumber] ?? String(typeNumber),
    protocol: head.getUint8(5),
    scope: scopeName(head.getUint8(6)),
    dst: ip(RTA_DST) ?? null,
    dstLength: head.getUint8(1),
    ...(src !== undefined ? { src } : {}),
    srcLength: head.getUint8(2),
    ...(oif !== undefined ? { oif } : {}),
    ...(gateway !== undefined ? { gateway } : {}),
    ...(prefsrc !== undefined ? { prefsrc } : {}),
    ...(priority !== undefined ? { priority } : {}),
    nexthops: multipath ? decodeNextHops(multipath, kernelFamily, `${where} multipath`) : [],
    unknown: unknownAbove(list, RTA_MAX_KNOWN),
  };
}
