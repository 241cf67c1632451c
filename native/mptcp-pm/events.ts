// Decoding the path manager's multicast events (group "mptcp_pm_events"): connection and
// subflow life cycle, address announcements, priority changes and listeners. Pure. Unknown
// event types and attributes are kept, never fatal; malformed bytes throw DecodeError.
import { AF_INET, AF_INET6, formatIPv4, formatIPv6 } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';
import { attrBe16, attrS32, attrU16, attrU32, attrU8 } from '../netlink/attrs.js';
import type { NlAttr } from '../netlink/attrs.js';
import { decodeGenl } from '../netlink/genl.js';
import type { NlMessage } from '../netlink/message.js';
import { PmEventAttr, PmEventFlag, pmEventName } from './constants.js';
import type { PmEventName } from './constants.js';
import { toHex } from './endpoints.js';
import type { UnknownAttr } from './endpoints.js';

/** An address and port as an event carries them (ports decoded from network order). */
export interface PmEventAddress {
  readonly address: string;
  /** Absent when the event has no port for this side (e.g. an announce without a port). */
  readonly port?: number;
}

/**
 * One kernel path-manager event. Which fields are present depends on the type (see the kernel
 * spec): connection events carry token and both addresses, subflow events also ids, backup and
 * ifindex, `announced` the remote address and id, `removed` only token and remote id,
 * listener events only the local address.
 */
export interface PmKernelEvent {
  /** DESIGN.md name (`created`, `sub-established`, …) or `unknown-N` for a newer event. */
  readonly type: PmEventName | `unknown-${number}`;
  /** The event number (genl command). */
  readonly cmd: number;
  /** Connection token (the kernel's local token, as `ss -M` and mptcp_info show it). */
  readonly token?: number;
  readonly family?: AddressFamily;
  /** Local address id (0 = the initial subflow's address). */
  readonly localId?: number;
  /** The peer's address id. */
  readonly remoteId?: number;
  /** saddr + sport: this host's side. */
  readonly local?: PmEventAddress;
  /** daddr + dport: the peer's side (for `announced`, the announced address). */
  readonly remote?: PmEventAddress;
  /** Subflow events: the subflow is a backup (either end asked for it). */
  readonly backup?: boolean;
  /** sk_err of the subflow (sub-closed), 0 or absent when fine. */
  readonly error?: number;
  /** This end accepted the connection: FLAGS bit on 6.18+, the server_side attribute before. */
  readonly serverSide?: boolean;
  /** The peer forbids joins to its initial address (FLAGS bit DENY_JOIN_ID0). */
  readonly denyJoinId0?: boolean;
  /** The raw FLAGS attribute (MPTCP_PM_EV_FLAG_* bits), when sent. */
  readonly flags?: number;
  /** MPTCP_ATTR_TIMEOUT, seconds. */
  readonly timeout?: number;
  /** Interface index of the subflow. */
  readonly ifindex?: number;
  /** MP_TCPRST reason code of a reset subflow (sub-closed). */
  readonly resetReason?: number;
  /** MP_TCPRST flags (bit 0: transient). */
  readonly resetFlags?: number;
  readonly unknown: UnknownAttr[];
}

const KNOWN = new Set<number>(Object.values(PmEventAttr));

function mutableEvent(cmd: number): { -readonly [K in keyof PmKernelEvent]: PmKernelEvent[K] } {
  return { type: pmEventName(cmd), cmd, unknown: [] };
}

function side(addr: string | undefined, port: number | undefined): PmEventAddress | undefined {
  if (addr === undefined) return undefined;
  return port === undefined ? { address: addr } : { address: addr, port };
}

/** Decodes one event message (its nlmsg type must be the mptcp_pm family id). */
export function decodeEvent(msg: NlMessage): PmKernelEvent {
  const where = 'mptcp_pm event';
  const { cmd, attrs } = decodeGenl(msg, where);
  const ev = mutableEvent(cmd);
  const byType = new Map<number, NlAttr>();
  for (const a of attrs) {
    if (KNOWN.has(a.type)) byType.set(a.type, a);
    else ev.unknown.push({ type: a.type, hex: toHex(a.data) });
  }
  const get = byType.get.bind(byType);
  const u8 = (t: number): number | undefined => {
    const a = get(t);
    return a ? attrU8(a, where) : undefined;
  };
  const u32 = (t: number): number | undefined => {
    const a = get(t);
    return a ? attrU32(a, where) : undefined;
  };
  const be16 = (t: number): number | undefined => {
    const a = get(t);
    return a ? attrBe16(a, where) : undefined;
  };

  ev.token = u32(PmEventAttr.TOKEN);
  const famAttr = get(PmEventAttr.FAMILY);
  const family = famAttr ? attrU16(famAttr, where) : undefined;
  if (family === AF_INET) ev.family = 4;
  else if (family === AF_INET6) ev.family = 6;
  ev.localId = u8(PmEventAttr.LOC_ID);
  ev.remoteId = u8(PmEventAttr.REM_ID);

  // Prefer the address of the announced family; fall back to whichever the kernel sent.
  const addr = (v4: number, v6: number): string | undefined => {
    const a4 = get(v4);
    const a6 = get(v6);
    if (a6 && (family === AF_INET6 || !a4)) return formatIPv6(a6.data);
    if (a4) return formatIPv4(a4.data);
    return undefined;
  };
  const sport = be16(PmEventAttr.SPORT);
  const dport = be16(PmEventAttr.DPORT);
  ev.local = side(addr(PmEventAttr.SADDR4, PmEventAttr.SADDR6), sport);
  ev.remote = side(addr(PmEventAttr.DADDR4, PmEventAttr.DADDR6), dport);

  const backup = u8(PmEventAttr.BACKUP);
  if (backup !== undefined) ev.backup = backup !== 0;
  ev.error = u8(PmEventAttr.ERROR);
  const flagsAttr = get(PmEventAttr.FLAGS);
  if (flagsAttr) {
    ev.flags = attrU16(flagsAttr, where);
    ev.serverSide = (ev.flags & PmEventFlag.SERVER_SIDE) !== 0;
    ev.denyJoinId0 = (ev.flags & PmEventFlag.DENY_JOIN_ID0) !== 0;
  }
  const serverSide = u8(PmEventAttr.SERVER_SIDE);
  if (serverSide !== undefined) ev.serverSide = serverSide !== 0 || ev.serverSide === true;
  // Before 6.18 created/established always carried server_side (0 or 1); 6.18 sends the FLAGS
  // attribute and the old one only when a bit is set, so on the client both are absent.
  if (ev.serverSide === undefined && (ev.type === 'created' || ev.type === 'established')) {
    ev.serverSide = false;
  }
  ev.timeout = u32(PmEventAttr.TIMEOUT);
  const ifAttr = get(PmEventAttr.IF_IDX);
  if (ifAttr) ev.ifindex = attrS32(ifAttr, where);
  ev.resetReason = u32(PmEventAttr.RESET_REASON);
  ev.resetFlags = u32(PmEventAttr.RESET_FLAGS);

  return compact(ev);
}

/** Drops the fields left undefined so events compare and serialise cleanly. */
function compact<T extends object>(o: T): T {
  const entries = Object.entries(o as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries) as T;
}

/**
 * Picks the path-manager events out of what one `receive()` returned: messages of other types
 * (NLMSG_NOOP, errors, other families) are skipped. Throws DecodeError on malformed events.
 */
export function decodeEventMessages(
  messages: readonly NlMessage[],
  familyId: number,
): PmKernelEvent[] {
  const out: PmKernelEvent[] = [];
  for (const msg of messages) {
    if (msg.type !== familyId) continue;
    out.push(decodeEvent(msg));
  }
  return out;
}
