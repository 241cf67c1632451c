// The sockets one kernel thread keeps open for its namespace, opened on first use and reused
// for every request after, so a tick costs a few syscalls and no socket setup.
import { resolvePathManager } from '../mptcp-pm/client.js';
import type { PathManagerFamily } from '../mptcp-pm/client.js';
import { SocketOwners } from '../procfs/socket-owners.js';
import { readMptcpSysctls } from '../procfs/sysctl.js';
import type { MptcpSysctls } from '../procfs/sysctl.js';
import {
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  NETLINK_SOCK_DIAG,
  NetlinkSocket,
} from '../netlink/socket.js';

/**
 * Rarely-changing state (today the MPTCP sysctls) is re-read at most this often, or at once when
 * a sample asks for it (`fresh`: after Subflow's own change, a path-manager event, or any other
 * notification that state may have changed). The kernel sends no notification for a sysctl write.
 */
export const SLOW_STATE_MAX_AGE_MS = 2000;

export class KernelContext {
  private slow: { readonly sysctls: MptcpSysctls | null; readonly at: number } | null = null;

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

  /** The MPTCP sysctls, from the cache unless `fresh` or older than SLOW_STATE_MAX_AGE_MS. */
  slowState(fresh: boolean): { readonly sysctls: MptcpSysctls | null } {
    const now = performance.now();
    if (fresh || this.slow === null || now - this.slow.at >= SLOW_STATE_MAX_AGE_MS) {
      this.slow = { sysctls: readMptcpSysctls(), at: now };
    }
    return this.slow;
  }

  close(): void {
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}
