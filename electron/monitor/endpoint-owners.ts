// Who owns the MPTCP endpoints of a watched namespace besides Subflow: a running mptcpd or
// NetworkManager *in that namespace* (its /proc/PID/ns/net is the namespace's inode), not merely
// somewhere on the machine. mptcpd's address plugin adds and removes endpoints for every address;
// NetworkManager does it per device from the profile's connection.mptcp-flags
// (control/owner-toggle.ts asks nmcli whether it manages the device before a toggle).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { ConnectionProfile, EndpointOwnerInfo, Snapshot } from '../contract.js';
import { netnsPath } from '../../native/netns.js';
import { ENDPOINT_MANAGERS } from './endpoint-managers.js';

export type ManagerName = 'NetworkManager' | 'mptcpd';

/** What the monitor asks of whoever knows remembered modes and owners (control/interface-info). */
export interface InterfaceInfoHook {
  /** The snapshot with each interface's remembered mode and owner. */
  decorate(snapshot: Snapshot): Snapshot;
  /** Re-reads the remembered modes (after a change). */
  reload?(): Promise<unknown>;
  /**
   * Whom a toggle of an interface goes through, read afresh: its owner, and NetworkManager
   * wherever it runs (the toggle asks nmcli whether it manages the device).
   */
  owner?(iface: string): EndpointOwnerInfo | null;
  /** The device's active NetworkManager profile as last looked up (a new choice's key). */
  profile?(iface: string): ConnectionProfile | null;
  /** The UUID of the profile whose choice is in force for the interface; none: its name's. */
  profileInForce?(iface: string): Promise<string | undefined>;
}

/** A running endpoint manager and the namespace it runs in. */
export interface ManagerProcess {
  readonly name: ManagerName;
  readonly pid: number;
  /** Inode of its network namespace; null when /proc did not say (another user's process). */
  readonly netnsInode: number | null;
}

const isManager = (name: string): name is ManagerName => ENDPOINT_MANAGERS.includes(name);

/** Every running mptcpd and NetworkManager, with its namespace. Empty when /proc is unreadable. */
export function managerProcesses(proc = '/proc'): ManagerProcess[] {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const out: ManagerProcess[] = [];
  for (const pid of pids) {
    let comm: string;
    try {
      comm = readFileSync(`${proc}/${pid}/comm`, 'utf8').trim();
    } catch {
      continue; // ended between the listing and the read
    }
    if (!isManager(comm)) continue;
    let netnsInode: number | null = null;
    try {
      netnsInode = statSync(`${proc}/${pid}/ns/net`).ino;
    } catch {
      // not ours to look at, or gone
    }
    out.push({ name: comm, pid: Number(pid), netnsInode });
  }
  return out;
}

/** The inode of a watched namespace (null = this process's own); null when it cannot be read. */
export function namespaceInode(netns: string | null): number | null {
  try {
    return statSync(netns === null ? '/proc/self/ns/net' : netnsPath(netns)).ino;
  } catch {
    return null;
  }
}

/** The managers running in the namespace of inode `inode`, first process of each name. Pure. */
export function managersIn(
  processes: readonly ManagerProcess[],
  inode: number | null,
): ManagerProcess[] {
  if (inode === null) return [];
  const seen = new Set<ManagerName>();
  return processes.filter((p) => {
    if (p.netnsInode !== inode || seen.has(p.name)) return false;
    seen.add(p.name);
    return true;
  });
}
