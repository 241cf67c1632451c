// Link operations for the kernel thread: the multipath-tcp.org ("legacy") kernel's per-interface
// multipath switch, set with RTM_SETLINK (IFF_NOMULTIPATH / IFF_MPBACKUP) and read back from a
// fresh link dump, so callers report what the kernel has, not what they asked for.
import { NetlinkError } from '../errors.js';
import { dumpLinks } from '../rtnl/dump.js';
import { encodeLegacyMultipath } from '../rtnl/legacy-multipath.js';
import type { LegacyMultipath } from '../rtnl/legacy-multipath.js';
import { RTM_SETLINK } from '../rtnl/shared.js';
import type { KernelContext } from './kernel-context.js';

const ENODEV = 19;

/** Which interface to switch, and to what. */
export interface LegacyMultipathArgs {
  readonly ifindex: number;
  readonly mode: LegacyMultipath;
}

/** The switch of one interface as the kernel reports it after the change. */
export interface LegacyMultipathState {
  readonly ifindex: number;
  readonly name: string;
  readonly mode: LegacyMultipath;
  /** Raw ifi_flags (IFF_*) read back. */
  readonly flags: number;
}

/** The RTM_SETLINK request that sets the switch: operation name, message type and payload. */
export function legacyMultipathRequest(args: LegacyMultipathArgs): {
  operation: string;
  type: number;
  payload: Uint8Array;
} {
  return {
    operation: `set multipath ${args.mode} on interface ${args.ifindex}`,
    type: RTM_SETLINK,
    payload: encodeLegacyMultipath(args.ifindex, args.mode),
  };
}

export const linkOps = {
  /**
   * Sets the legacy kernel's multipath switch of one interface (`ip link set dev X multipath
   * on|off|backup`; needs CAP_NET_ADMIN) and reads it back. On an upstream kernel the bits are
   * ignored and the read-back says 'on': check the kernel flavour first.
   */
  setLegacyMultipath: (ctx: KernelContext, args: LegacyMultipathArgs): LegacyMultipathState => {
    const req = legacyMultipathRequest(args);
    ctx.route.request(req.operation, req.type, req.payload, false);
    const link = dumpLinks(ctx.route).find((l) => l.ifindex === args.ifindex);
    if (!link) {
      throw new NetlinkError(req.operation, ENODEV, 'the interface vanished after the change');
    }
    return {
      ifindex: link.ifindex,
      name: link.name,
      mode: link.legacyMultipath,
      flags: link.flags,
    };
  },
};
