// The multipath-tcp.org (out-of-tree, "legacy") kernel's per-interface switch: two interface
// flags, IFF_NOMULTIPATH and IFF_MPBACKUP, read from ifi_flags and changed with RTM_SETLINK
// (what its `ip link set dev X multipath on|off|backup` sends). Upstream MPTCP has no such flags:
// there the switch maps to path-manager endpoints instead. Pure.
import { IFINFOMSG_LEN } from './shared.js';

/** Interface flag of the legacy kernel: never use this interface for extra subflows. */
export const IFF_NOMULTIPATH = 0x80000;
/** Interface flag of the legacy kernel: subflows on this interface are backup (low priority). */
export const IFF_MPBACKUP = 0x100000;

/** The three positions of the per-interface multipath switch. */
export type LegacyMultipath = 'on' | 'off' | 'backup';

/** Reads the switch from ifi_flags: NOMULTIPATH wins over MPBACKUP, as the legacy kernel does. */
export function legacyMultipathOf(flags: number): LegacyMultipath {
  if (flags & IFF_NOMULTIPATH) return 'off';
  if (flags & IFF_MPBACKUP) return 'backup';
  return 'on';
}

/**
 * The payload of an RTM_SETLINK request that sets the switch of one interface on a legacy
 * kernel: ifi_change names only the two multipath bits, so no other flag (UP, …) changes.
 * Send it with NLM_F_ACK (`sock.request(op, RTM_SETLINK, payload, false)`); it needs
 * CAP_NET_ADMIN. On an upstream kernel the bits are ignored, so check the kernel flavour first.
 */
export function encodeLegacyMultipath(ifindex: number, mode: LegacyMultipath): Uint8Array {
  if (!Number.isInteger(ifindex) || ifindex <= 0 || ifindex > 0x7fffffff) {
    throw new RangeError(`ifindex must be a positive integer, got ${ifindex}`);
  }
  const out = new Uint8Array(IFINFOMSG_LEN);
  const view = new DataView(out.buffer);
  // ifi_family AF_UNSPEC, ifi_type 0.
  view.setInt32(4, ifindex, true);
  const flags = mode === 'off' ? IFF_NOMULTIPATH : mode === 'backup' ? IFF_MPBACKUP : 0;
  view.setUint32(8, flags, true);
  view.setUint32(12, IFF_NOMULTIPATH | IFF_MPBACKUP, true);
  return out;
}
