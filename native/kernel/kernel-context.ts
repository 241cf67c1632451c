// The sockets one kernel thread keeps open for its namespace, opened on first use and reused
// for every request after, so a tick costs a few syscalls and no socket setup.
import { resolvePathManager } from '../mptcp-pm/client.js';
import type { PathManagerFamily } from '../mptcp-pm/client.js';
import { SocketOwners } from '../procfs/socket-owners.js';
import {
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  NETLINK_SOCK_DIAG,
  NetlinkSocket,
} from '../netlink/socket.js';

export class KernelContext {
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

  close(): void {
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}
