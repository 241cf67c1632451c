// The RTM_NEWROUTE request that adds a unicast route to a routing table (`ip route add
// DST/LEN [via GW] dev IF table T`): struct rtmsg plus RTA_DST, RTA_GATEWAY, RTA_OIF and
// RTA_TABLE. Pure: the caller sends it with NLM_F_CREATE | NLM_F_EXCL and reads the table back.
import { AF_INET, AF_INET6 } from '../ip-address.js';
import { concatBytes, encodeAttr, encodeU32 } from '../netlink/attrs.js';
import { RTMSG_LEN } from './route.js';
import { checkUserTable, prefixBytes } from './rule-write.js';

const RTA_DST = 1;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_TABLE = 15;
/** What `ip route add` sets: the route was installed during boot-up / by an administrator. */
const RTPROT_BOOT = 3;
const RT_SCOPE_UNIVERSE = 0;
const RT_SCOPE_LINK = 253;
const RTN_UNICAST = 1;

/** A unicast route out of one interface, in a table of its own. */
export interface TableRouteSpec {
  /** Destination prefix address; null for the default route. */
  readonly dst: string | null;
  /** Destination prefix length in bits (0 with a null dst). */
  readonly dstLength: number;
  /** Next hop; absent for a route straight onto the link (scope link). */
  readonly gateway?: string;
  /** Output interface index. */
  readonly oif: number;
  /** Routing table id, not one of the built-in 253–255. */
  readonly table: number;
  /** Address family; needed for a default route without a gateway. */
  readonly family: 4 | 6;
}

/** The payload of RTM_NEWROUTE for the route; throws RangeError when the spec does not fit. */
export function encodeTableRoute(spec: TableRouteSpec): Uint8Array {
  checkUserTable(spec.table);
  if (!Number.isInteger(spec.oif) || spec.oif < 1) {
    throw new RangeError(`interface index ${spec.oif} is not an interface`);
  }
  const attrs: Uint8Array[] = [];
  if (spec.dst !== null) {
    const dst = prefixBytes(spec.dst, spec.dstLength);
    if (dst.family !== spec.family) throw new RangeError(`${spec.dst} is not IPv${spec.family}`);
    attrs.push(encodeAttr(RTA_DST, dst.bytes));
  } else if (spec.dstLength !== 0) {
    throw new RangeError('a default route has prefix length 0');
  }
  if (spec.gateway !== undefined) {
    const gw = prefixBytes(spec.gateway, 0);
    if (gw.family !== spec.family) throw new RangeError(`${spec.gateway} is not IPv${spec.family}`);
    attrs.push(encodeAttr(RTA_GATEWAY, gw.bytes));
  }
  attrs.push(encodeU32(RTA_OIF, spec.oif), encodeU32(RTA_TABLE, spec.table));
  const head = new Uint8Array(RTMSG_LEN);
  head[0] = spec.family === 4 ? AF_INET : AF_INET6;
  head[1] = spec.dstLength;
  head[2] = 0; // src_len
  head[3] = 0; // tos
  head[4] = spec.table < 256 ? spec.table : 0;
  head[5] = RTPROT_BOOT;
  head[6] = spec.gateway !== undefined ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  head[7] = RTN_UNICAST;
  return concatBytes([head, ...attrs]);
}
