// Generic netlink: the 4-byte genlmsghdr, and the controller's GETFAMILY request/reply that
// resolves a family name (e.g. "mptcp_pm") to its id, version and multicast groups. Pure.
import { DecodeError } from '../errors.js';
import {
  attrMap,
  attrNested,
  attrString,
  attrU16,
  attrU32,
  concatBytes,
  encodeString,
  parseAttrs,
} from './attrs.js';
import type { NlAttr } from './attrs.js';
import type { NlMessage } from './message.js';

export const GENL_HDRLEN = 4;
export const GENL_ID_CTRL = 0x10;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
const CTRL_ATTR_VERSION = 3;
const CTRL_ATTR_MCAST_GROUPS = 7;
const CTRL_ATTR_MCAST_GRP_NAME = 1;
const CTRL_ATTR_MCAST_GRP_ID = 2;

export interface GenlFamily {
  readonly id: number;
  readonly name: string;
  readonly version: number;
  /** Multicast group name → group id (for NETLINK_ADD_MEMBERSHIP). */
  readonly groups: ReadonlyMap<string, number>;
}

/** A generic netlink payload: the genlmsghdr followed by attributes. */
export function encodeGenl(cmd: number, version: number, attrs: readonly Uint8Array[]): Uint8Array {
  return concatBytes([Uint8Array.of(cmd, version, 0, 0), ...attrs]);
}

export interface GenlMessage {
  readonly cmd: number;
  readonly version: number;
  readonly attrs: NlAttr[];
}

export function decodeGenl(msg: NlMessage, where: string): GenlMessage {
  if (msg.payload.byteLength < GENL_HDRLEN) {
    throw new DecodeError(where, 0, `genl header needs 4 bytes, got ${msg.payload.byteLength}`);
  }
  return {
    cmd: msg.payload[0] ?? 0,
    version: msg.payload[1] ?? 0,
    attrs: parseAttrs(msg.payload.subarray(GENL_HDRLEN), where),
  };
}

export const encodeGetFamily = (name: string): Uint8Array =>
  encodeGenl(CTRL_CMD_GETFAMILY, 1, [encodeString(CTRL_ATTR_FAMILY_NAME, name)]);

export function decodeFamily(msg: NlMessage): GenlFamily {
  const where = 'genl family reply';
  const attrs = attrMap(decodeGenl(msg, where).attrs);
  const id = attrs.get(CTRL_ATTR_FAMILY_ID);
  const name = attrs.get(CTRL_ATTR_FAMILY_NAME);
  if (!id || !name) throw new DecodeError(where, 0, 'family id or name missing');
  const version = attrs.get(CTRL_ATTR_VERSION);
  const groups = new Map<string, number>();
  const mcast = attrs.get(CTRL_ATTR_MCAST_GROUPS);
  if (mcast) {
    for (const entry of attrNested(mcast, 'genl multicast groups')) {
      const g = attrMap(attrNested(entry, 'genl multicast group'));
      const gName = g.get(CTRL_ATTR_MCAST_GRP_NAME);
      const gId = g.get(CTRL_ATTR_MCAST_GRP_ID);
      if (gName && gId) groups.set(attrString(gName), attrU32(gId, where));
    }
  }
  return {
    id: attrU16(id, where),
    name: attrString(name),
    version: version ? attrU32(version, where) : 0,
    groups,
  };
}
