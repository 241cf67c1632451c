// Numbers of the kernel's "mptcp_pm" generic netlink family (Documentation/netlink/specs/
// mptcp_pm.yaml, include/uapi/linux/mptcp_pm.h and mptcp.h, Linux 6.18) and the names Subflow
// uses for them (DESIGN.md). Pure data.

/** Generic netlink family name and multicast groups. */
export const MPTCP_PM_FAMILY_NAME = 'mptcp_pm';
export const MPTCP_PM_CMD_GROUP = 'mptcp_pm_cmds';
export const MPTCP_PM_EVENTS_GROUP = 'mptcp_pm_events';
/** MPTCP_PM_VER: the genl header version every request carries. */
export const MPTCP_PM_VERSION = 1;

/** Commands (enum with MPTCP_PM_CMD_ prefix). */
export const PmCmd = {
  ADD_ADDR: 1,
  DEL_ADDR: 2,
  GET_ADDR: 3,
  FLUSH_ADDRS: 4,
  SET_LIMITS: 5,
  GET_LIMITS: 6,
  SET_FLAGS: 7,
  /** Userspace PM: announce an address on one connection (token). */
  ANNOUNCE: 8,
  /** Userspace PM: withdraw an announced address (token, loc-id). */
  REMOVE: 9,
  SUBFLOW_CREATE: 10,
  SUBFLOW_DESTROY: 11,
} as const;

/** Top-level request/reply attributes (attribute-set "attr", MPTCP_PM_ATTR_*). */
export const PmAttr = {
  ADDR: 1,
  RCV_ADD_ADDRS: 2,
  SUBFLOWS: 3,
  TOKEN: 4,
  LOC_ID: 5,
  ADDR_REMOTE: 6,
} as const;

/** Attribute-set "endpoint": the only attribute of ADD/DEL/GET_ADDR and FLUSH_ADDRS. */
export const PM_ENDPOINT_ADDR = 1;

/** Nested address attributes (attribute-set "address", MPTCP_PM_ADDR_ATTR_*). */
export const PmAddrAttr = {
  /** u16, AF_INET / AF_INET6. */
  FAMILY: 1,
  /** u8 endpoint id. */
  ID: 2,
  /** 4 bytes, network order. */
  ADDR4: 3,
  /** 16 bytes. */
  ADDR6: 4,
  /**
   * u16 in HOST byte order: the spec says big-endian, but the kernel does
   * `htons(nla_get_u16(...))` on input and `nla_put_u16(ntohs(port))` on output (checked against
   * the running kernel in the fixtures).
   */
  PORT: 5,
  /** u32, MPTCP_PM_ADDR_FLAG_* bits. */
  FLAGS: 6,
  /** s32 interface index. */
  IF_IDX: 7,
} as const;

/** Endpoint flag names as `ip mptcp endpoint` prints them, in bit order. */
export const ENDPOINT_FLAG_NAMES = [
  'signal',
  'subflow',
  'backup',
  'fullmesh',
  'implicit',
  'laminar',
] as const;

/** One endpoint flag (DESIGN.md `endpoints[].flags`). */
export type EndpointFlag = (typeof ENDPOINT_FLAG_NAMES)[number];

/** MPTCP_PM_ADDR_FLAG_* bits. */
export const ENDPOINT_FLAG_BITS: Readonly<Record<EndpointFlag, number>> = {
  signal: 1 << 0,
  subflow: 1 << 1,
  backup: 1 << 2,
  fullmesh: 1 << 3,
  /** Set by the kernel on ids it allocated itself for addresses used without an endpoint. */
  implicit: 1 << 4,
  /** Linux 6.18: a source for subflows towards the addresses the peer announces (ADD_ADDR). */
  laminar: 1 << 5,
};

/** MPTCP_PM_ADDR_FLAGS_MASK: the bits the kernel keeps. */
export const ENDPOINT_FLAGS_MASK = 0x3f;

/** Flag names → MPTCP_PM_ADDR_FLAG_* bits. */
export function endpointFlagBits(flags: readonly EndpointFlag[]): number {
  let bits = 0;
  for (const f of flags) bits |= ENDPOINT_FLAG_BITS[f];
  return bits;
}

/** MPTCP_PM_ADDR_FLAG_* bits → flag names (bit order); unknown bits are dropped. */
export function endpointFlagNames(bits: number): EndpointFlag[] {
  return ENDPOINT_FLAG_NAMES.filter((name) => (bits & ENDPOINT_FLAG_BITS[name]) !== 0);
}

/** Event attributes (enum mptcp_event_attr, MPTCP_ATTR_*). */
export const PmEventAttr = {
  TOKEN: 1,
  FAMILY: 2,
  LOC_ID: 3,
  REM_ID: 4,
  SADDR4: 5,
  SADDR6: 6,
  DADDR4: 7,
  DADDR6: 8,
  /** be16 */
  SPORT: 9,
  /** be16 */
  DPORT: 10,
  BACKUP: 11,
  ERROR: 12,
  /** u16, MPTCP_PM_EV_FLAG_* bits (created / established). */
  FLAGS: 13,
  TIMEOUT: 14,
  IF_IDX: 15,
  RESET_REASON: 16,
  RESET_FLAGS: 17,
  /** u8; deprecated since 6.18 (now a FLAGS bit) and only sent when it is 1. */
  SERVER_SIDE: 18,
} as const;

/** MPTCP_PM_EV_FLAG_* bits of the event FLAGS attribute. */
export const PmEventFlag = {
  /** The peer asked not to receive joins towards its initial address (C flag). */
  DENY_JOIN_ID0: 1 << 0,
  /** This end accepted the connection. */
  SERVER_SIDE: 1 << 1,
} as const;

/** Path-manager event names (DESIGN.md `PmEvent.type`, the kernel spec's names). */
export type PmEventName =
  | 'created'
  | 'established'
  | 'closed'
  | 'announced'
  | 'removed'
  | 'sub-established'
  | 'sub-closed'
  | 'sub-priority'
  | 'listener-created'
  | 'listener-closed';

/** enum mptcp_event_type: event (genl command) number → name. */
export const PM_EVENT_NAMES: ReadonlyMap<number, PmEventName> = new Map<number, PmEventName>([
  [1, 'created'],
  [2, 'established'],
  [3, 'closed'],
  [6, 'announced'],
  [7, 'removed'],
  [10, 'sub-established'],
  [11, 'sub-closed'],
  [13, 'sub-priority'],
  [15, 'listener-created'],
  [16, 'listener-closed'],
]);

/** Event name → number (inverse of PM_EVENT_NAMES). */
export const PM_EVENT_IDS: ReadonlyMap<PmEventName, number> = new Map(
  [...PM_EVENT_NAMES].map(([id, name]) => [name, id] as const),
);

/** The name of an event number, or `unknown-N` for numbers this build does not know. */
export function pmEventName(cmd: number): PmEventName | `unknown-${number}` {
  return PM_EVENT_NAMES.get(cmd) ?? `unknown-${cmd}`;
}
