// The sockets one kernel thread keeps open for its namespace, opened on first use and reused
// for every request after, so a tick costs a few syscalls and no socket setup.
import { resolvePathManager } from '../mptcp-pm/client.js';
import type { PathManagerFamily } from '../mptcp-pm/client.js';
import { processHasNetAdmin } from '../procfs/capabilities.js';
import { SocketOwners } from '../procfs/socket-owners.js';
import { readMptcpSysctls } from '../procfs/sysctl.js';
import type { MptcpSysctls } from '../procfs/sysctl.js';
import {
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  NETLINK_SOCK_DIAG,
  MSG_DONTWAIT,
  NetlinkSocket,
} from '../netlink/socket.js';
import type { InterfaceAddress } from '../rtnl/address.js';
import { dumpAddresses } from '../rtnl/dump.js';
import { LINK_AND_ADDRESS_GROUPS } from '../rtnl/notifications.js';
import { AddressCache } from './address-cache.js';

/**
 * Rarely-changing state (the MPTCP sysctls, whether this process has CAP_NET_ADMIN) is re-read at most this often, or at once when
 * a sample asks for it (`fresh`: after Subflow's own change, a path-manager event, or any other
 * notification that state may have changed). The kernel sends no notification for a sysctl write.
 */
export const SLOW_STATE_MAX_AGE_MS = 2000;

interface SlowState {
  readonly sysctls: MptcpSysctls | null;
  readonly privileged: boolean;
}

export class KernelContext {
  private slow: (SlowState & { readonly at: number }) | null = null;
  private addressCache: AddressCache | null = null;
  /** Subscribed to rtnetlink link/address notifications, drained without blocking per sample. */
  private notifications: NetlinkSocket | null = null;

  /** Socket inode → owning process, cached across samples (see SocketOwners). */
  readonly owners = new SocketOwners();
  private readonly sockets = new Map<number, NetlinkSocket>();
  private pm: PathManagerFamily | null = null;

  constructor(readonly netns: string | null) {}

  private socket(protocol: number): NetlinkSocket {
    let s = this.sockets.get(protocol);
    if (!s) {
      s = NetlinkSocket.open(protocol, { timeoutMs: 5000 });
      this.sockets.set(protocol, s);
    }
    return s;
  }

  get genl(): NetlinkSocket {
    return this.socket(NETLINK_GENERIC);
  }
  get diag(): NetlinkSocket {
    return this.socket(NETLINK_SOCK_DIAG);
  }
  get route(): NetlinkSocket {
    return this.socket(NETLINK_ROUTE);
  }

  /** The mptcp_pm family, resolved once (its id is stable while the kernel runs). */
  pathManager(): PathManagerFamily {
    this.pm ??= resolvePathManager(this.genl);
    return this.pm;
  }

  /** Sysctls and privilege, from the cache unless `fresh` or older than SLOW_STATE_MAX_AGE_MS. */
  slowState(fresh: boolean): SlowState {
    const now = performance.now();
    if (fresh || this.slow === null || now - this.slow.at >= SLOW_STATE_MAX_AGE_MS) {
      this.slow = { sysctls: readMptcpSysctls(), privileged: processHasNetAdmin(), at: now };
    }
    return this.slow;
  }

  /** The namespace's addresses, dumped only when they may have changed (see AddressCache). */
  addresses(fresh: boolean): InterfaceAddress[] {
    this.addressCache ??= new AddressCache({
      dump: () => dumpAddresses(this.route),
      changed: this.listenToChanges(),
    });
    return this.addressCache.read(fresh);
  }

  /** Address dumps made so far (tests count them). */
  get addressDumps(): number {
    return this.addressCache?.dumps ?? 0;
  }

  /** Joins the link and address groups; null (dump every time) when that is refused. */
  private listenToChanges(): (() => boolean) | null {
    try {
      const s = NetlinkSocket.open(NETLINK_ROUTE, { timeoutMs: 1000 });
      this.notifications = s;
      for (const group of LINK_AND_ADDRESS_GROUPS) s.addMembership(group, 'address changes');
    } catch {
      this.notifications?.close();
      this.notifications = null;
      return null;
    }
    const s = this.notifications;
    return () => {
      let any = false;
      // Queued datagrams (or an overflow: some were dropped) mean something changed.
      while (s.receive(MSG_DONTWAIT).kind !== 'timeout') any = true;
      return any;
    };
  }

  close(): void {
    this.notifications?.close();
    this.notifications = null;
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}
