// rtnetlink links (RTM_NEWLINK / struct ifinfomsg): the dump request and the decoder that turns
// one reply into a Link with its state, kind and traffic counters. Pure: bytes in, data out.
import { DecodeError } from '../errors.js';
import {
  attrMap,
  attrNested,
  attrS32,
  attrString,
  attrU32,
  attrU8,
  parseAttrs,
} from '../netlink/attrs.js';
import type { NlAttr } from '../netlink/attrs.js';
import type { NlMessage } from '../netlink/message.js';
import { IFINFOMSG_LEN, fixedHeader, flagNames, unknownAbove } from './shared.js';
import type { UnknownAttr } from './shared.js';
import { legacyMultipathOf } from './legacy-multipath.js';
import type { LegacyMultipath } from './legacy-multipath.js';

const IFLA_ADDRESS = 1;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_LINK = 5;
const IFLA_STATS = 7;
const IFLA_MASTER = 10;
const IFLA_OPERSTATE = 16;
const IFLA_LINKINFO = 18;
const IFLA_STATS64 = 23;
const IFLA_LINK_NETNSID = 37;
const IFLA_INFO_KIND = 1;
/** The last IFLA_* a 6.18 kernel sends (IFLA_TAILROOM); anything above is kept as unknown. */
const IFLA_MAX_KNOWN = 69;

export const IFF_UP = 0x1;
export const IFF_RUNNING = 0x40;
export const IFF_LOWER_UP = 0x10000;

const IFF_NAMES: ReadonlyMap<number, string> = new Map([
  [0x1, 'UP'],
  [0x2, 'BROADCAST'],
  [0x4, 'DEBUG'],
  [0x8, 'LOOPBACK'],
  [0x10, 'POINTOPOINT'],
  [0x20, 'NOTRAILERS'],
  [0x40, 'RUNNING'],
  [0x80, 'NOARP'],
  [0x100, 'PROMISC'],
  [0x200, 'ALLMULTI'],
  [0x400, 'MASTER'],
  [0x800, 'SLAVE'],
  [0x1000, 'MULTICAST'],
  [0x2000, 'PORTSEL'],
  [0x4000, 'AUTOMEDIA'],
  [0x8000, 'DYNAMIC'],
  [0x10000, 'LOWER_UP'],
  [0x20000, 'DORMANT'],
  [0x40000, 'ECHO'],
  // Only the out-of-tree multipath-tcp.org kernel sets these two.
  [0x80000, 'NOMULTIPATH'],
  [0x100000, 'MPBACKUP'],
]);

/** RFC 2863 operational state, as the kernel's IF_OPER_* (lower case). */
export type OperState =
  'unknown' | 'notpresent' | 'down' | 'lowerlayerdown' | 'testing' | 'dormant' | 'up';

const OPER_STATES: readonly OperState[] = [
  'unknown',
  'notpresent',
  'down',
  'lowerlayerdown',
  'testing',
  'dormant',
  'up',
];

/** One network interface of the namespace the socket was opened in. */
export interface Link {
  readonly ifindex: number;
  readonly name: string;
  /** Administratively up (IFF_UP) and operationally usable (operstate up, or unknown as on lo). */
  readonly up: boolean;
  readonly operState: OperState;
  /** Bytes. */
  readonly mtu: number;
  /** IFLA_INFO_KIND for virtual devices (veth, bridge, wireguard, …); absent for hardware and lo. */
  readonly kind?: string;
  /** ARPHRD_* hardware type (1 ethernet, 772 loopback, 65534 none). */
  readonly linkType: number;
  /** Raw ifi_flags (IFF_*). */
  readonly flags: number;
  /** Names of the set flags: UP, BROADCAST, LOOPBACK, RUNNING, LOWER_UP, NOMULTIPATH, … */
  readonly flagNames: readonly string[];
  /**
   * The multipath-tcp.org per-interface switch read from IFF_NOMULTIPATH / IFF_MPBACKUP. Only a
   * legacy kernel sets those bits; on the upstream kernel this is always 'on' and means nothing.
   */
  readonly legacyMultipath: LegacyMultipath;
  /** Hardware address, "aa:bb:…" (absent for devices without one). */
  readonly mac?: string;
  /**
   * ifindex of the link this one sits on: a vlan's parent, a veth's peer. When
   * `parentNetnsId` is set the index belongs to that other namespace, not to this one.
   */
  readonly parentIfindex?: number;
  /** The peer namespace's id (IFLA_LINK_NETNSID) as seen from this namespace. */
  readonly parentNetnsId?: number;
  /** ifindex of the bridge/bond this link is enslaved to, if any. */
  readonly masterIfindex?: number;
  /** Counters since the device was created: bytes and packets. */
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxPackets: number;
  readonly txPackets: number;
  readonly rxDropped: number;
  readonly txDropped: number;
  /** Which statistics attribute the counters came from (IFLA_STATS wraps at 4 GiB). */
  readonly statsSource: 'stats64' | 'stats32' | 'none';
  readonly unknown: readonly UnknownAttr[];
}

/** The payload of an RTM_GETLINK dump request: an all-zero ifinfomsg (every family, every link). */
export const encodeLinkDumpRequest = (): Uint8Array => new Uint8Array(IFINFOMSG_LEN);

interface Counters {
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  rxDropped: number;
  txDropped: number;
}

/** rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped. */
function readCounters(a: NlAttr, width: 4 | 8, where: string): Counters {
  const need = 8 * width;
  if (a.data.byteLength < need) {
    throw new DecodeError(where, 0, `statistics have ${a.data.byteLength} bytes, need ${need}`);
  }
  const view = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const at = (i: number): number =>
    width === 8 ? Number(view.getBigUint64(i * 8, true)) : view.getUint32(i * 4, true);
  return {
    rxPackets: at(0),
    txPackets: at(1),
    rxBytes: at(2),
    txBytes: at(3),
    rxDropped: at(6),
    txDropped: at(7),
  };
}

const ZERO: Counters = {
  rxPackets: 0,
  txPackets: 0,
  rxBytes: 0,
  txBytes: 0,
  rxDropped: 0,
  txDropped: 0,
};

const formatMac = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');

/** Decodes one RTM_NEWLINK message. Throws DecodeError on malformed bytes. */
export function decodeLink(msg: NlMessage): Link {
  const where = 'rtnetlink link';
  const head = fixedHeader(msg.payload, IFINFOMSG_LEN, where);
  const linkType = head.getUint16(2, true);
  const ifindex = head.getInt32(4, true);
  const flags = head.getUint32(8, true);
  const list = parseAttrs(msg.payload.subarray(IFINFOMSG_LEN), where);
  const attrs = attrMap(list);

  const nameAttr = attrs.get(IFLA_IFNAME);
  if (!nameAttr) throw new DecodeError(where, IFINFOMSG_LEN, `link ${ifindex} has no IFLA_IFNAME`);
  const operAttr = attrs.get(IFLA_OPERSTATE);
  const operIndex = operAttr ? attrU8(operAttr, where) : 0;
  const operState = OPER_STATES[operIndex] ?? 'unknown';

  let kind: string | undefined;
  const info = attrs.get(IFLA_LINKINFO);
  if (info) {
    const k = attrMap(attrNested(info, `${where} linkinfo`)).get(IFLA_INFO_KIND);
    if (k) kind = attrString(k);
  }

  const s64 = attrs.get(IFLA_STATS64);
  const s32 = attrs.get(IFLA_STATS);
  let counters = ZERO;
  let statsSource: Link['statsSource'] = 'none';
  if (s64) {
    counters = readCounters(s64, 8, `${where} IFLA_STATS64`);
    statsSource = 'stats64';
  } else if (s32) {
    counters = readCounters(s32, 4, `${where} IFLA_STATS`);
    statsSource = 'stats32';
  }

  const optional = (type: number): number | undefined => {
    const a = attrs.get(type);
    return a ? attrU32(a, where) : undefined;
  };
  const mtu = optional(IFLA_MTU) ?? 0;
  const parent = optional(IFLA_LINK);
  const master = optional(IFLA_MASTER);
  const macAttr = attrs.get(IFLA_ADDRESS);
  const netnsId = attrs.get(IFLA_LINK_NETNSID);

  return {
    ifindex,
    name: attrString(nameAttr),
    up: (flags & IFF_UP) !== 0 && (operState === 'up' || operState === 'unknown'),
    operState,
    mtu,
    ...(kind !== undefined ? { kind } : {}),
    linkType,
    flags,
    flagNames: flagNames(flags, IFF_NAMES),
    legacyMultipath: legacyMultipathOf(flags),
    ...(macAttr && macAttr.data.byteLength > 0 ? { mac: formatMac(macAttr.data) } : {}),
    ...(parent !== undefined ? { parentIfindex: parent } : {}),
    ...(netnsId ? { parentNetnsId: attrS32(netnsId, where) } : {}),
    ...(master !== undefined ? { masterIfindex: master } : {}),
    ...counters,
    statsSource,
    unknown: unknownAbove(list, IFLA_MAX_KNOWN),
  };
}
