// Which process holds a socket: the socket's inode (from sock_diag) matched against the
// `socket:[INODE]` links of every /proc/PID/fd, as `ss -p` does. A full scan reads one link per
// open file of every process, so results are cached by inode and a scan runs only when a socket
// not seen before appears; a tick with no new socket reads nothing from /proc.
//
// /proc must be the host pid namespace's: the kernel thread that calls this has entered a
// network namespace (setns affects only the network), not a pid namespace, so it sees every
// process. Inodes are those of sockfs, the same in every network namespace.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import {
  parseCmdline,
  parseComm,
  parsePasswd,
  parseStatusUid,
  socketInodeOf,
} from './process-text.js';

/** What the monitor shows of a process. */
export interface ProcessFacts {
  readonly pid: number;
  /** The task name (/proc/PID/comm), e.g. "iperf3". */
  readonly name: string;
  /** Its command line, arguments joined by spaces (bounded). */
  readonly cmdline: string;
  /** Effective uid. */
  readonly uid: number;
  /** Name of that uid in /etc/passwd, or null when it has none. */
  readonly user: string | null;
}

/** Who holds one socket: the lowest pid, and how many other processes share it (fork). */
export interface SocketOwner {
  readonly pid: number;
  readonly others: number;
}

/** Why sockets have no owner when some /proc/PID/fd could not be read. */
export const UNPRIVILEGED_NOTE =
  "other users' apps are not shown: their /proc/PID/fd cannot be read without privileges " +
  '(run Subflow privileged to see them)';

export interface ScanResult {
  /** Pids (ascending) holding each wanted inode that was found. */
  readonly holders: Map<number, number[]>;
  /** Processes whose fd directory could not be read (EACCES: another user's, unprivileged). */
  readonly denied: number;
}

const errCode = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** One pass over /proc/PID/fd of every process, collecting the holders of `wanted` inodes. */
export function scanSocketHolders(procRoot: string, wanted: ReadonlySet<number>): ScanResult {
  const holders = new Map<number, number[]>();
  let denied = 0;
  const pids = readdirSync(procRoot)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    const dir = `${procRoot}/${pid}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch (err) {
      // EACCES: not ours and we are unprivileged. ENOENT: the process just exited.
      if (errCode(err) === 'EACCES' || errCode(err) === 'EPERM') denied++;
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${dir}/${fd}`);
      } catch {
        continue; // closed between readdir and readlink
      }
      const inode = socketInodeOf(target);
      if (inode === null || !wanted.has(inode)) continue;
      const list = holders.get(inode);
      if (!list) holders.set(inode, [pid]);
      else if (list[list.length - 1] !== pid) list.push(pid); // one process, several fds
    }
  }
  return { holders, denied };
}

function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Name, command line and uid of one process; null when it exited meanwhile. */
export function readProcessFacts(
  procRoot: string,
  pid: number,
  users: ReadonlyMap<number, string>,
): ProcessFacts | null {
  const status = readOr(() => readFileSync(`${procRoot}/${pid}/status`, 'utf8'), null);
  if (status === null) return null;
  const uid = parseStatusUid(status);
  if (uid === null) return null;
  return {
    pid,
    name: readOr(() => parseComm(readFileSync(`${procRoot}/${pid}/comm`, 'utf8')), ''),
    cmdline: readOr(() => parseCmdline(readFileSync(`${procRoot}/${pid}/cmdline`)), ''),
    uid,
    user: users.get(uid) ?? null,
  };
}

export interface OwnerLookup {
  /** Owner by inode, for the inodes asked about that some readable process holds. */
  readonly owners: ReadonlyMap<number, SocketOwner>;
  /** Facts of every pid in `owners`. */
  readonly processes: readonly ProcessFacts[];
  /** Set when some inode has no owner and some process's fds could not be read. */
  readonly note?: string;
}

export interface SocketOwnersOptions {
  readonly procRoot?: string;
  readonly passwdPath?: string;
}

/**
 * The inode → owner cache of one kernel thread. Every inode is resolved once: by a scan when it
 * is first asked about (one scan covers all new inodes of a tick), never again while it stays in
 * the asked set. An inode no process holds (a socket still in the accept queue has inode 0 and is
 * not asked about; one closed meanwhile) is cached as ownerless too, so it never costs a rescan.
 */
export class SocketOwners {
  private readonly byInode = new Map<number, SocketOwner | null>();
  private readonly facts = new Map<number, ProcessFacts>();
  private users: ReadonlyMap<number, string> | null = null;
  private deniedAtLastScan = 0;
  /** Full /proc scans so far (for tests and benchmarks). */
  scans = 0;
  private readonly procRoot: string;
  private readonly passwdPath: string;

  constructor(options: SocketOwnersOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.passwdPath = options.passwdPath ?? '/etc/passwd';
  }

  /** Owners of `inodes` (0 ignored); forgets every cached inode not in this call. */
  lookup(inodes: Iterable<number>): OwnerLookup {
    const current = new Set<number>();
    let fresh: Set<number> | null = null;
    for (const inode of inodes) {
      if (inode === 0) continue;
      current.add(inode);
      if (!this.byInode.has(inode)) (fresh ??= new Set()).add(inode);
    }
    for (const inode of this.byInode.keys()) if (!current.has(inode)) this.byInode.delete(inode);
    if (fresh) this.scan(fresh);
    const owners = new Map<number, SocketOwner>();
    const pids = new Set<number>();
    let unowned = false;
    for (const inode of current) {
      const owner = this.byInode.get(inode);
      if (owner) {
        owners.set(inode, owner);
        pids.add(owner.pid);
      } else unowned = true;
    }
    for (const pid of this.facts.keys()) if (!pids.has(pid)) this.facts.delete(pid);
    const processes: ProcessFacts[] = [];
    for (const pid of pids) {
      const f = this.facts.get(pid);
      if (f) processes.push(f);
    }
    return unowned && this.deniedAtLastScan > 0
      ? { owners, processes, note: UNPRIVILEGED_NOTE }
      : { owners, processes };
  }

  private scan(fresh: ReadonlySet<number>): void {
    this.scans++;
    const { holders, denied } = scanSocketHolders(this.procRoot, fresh);
    this.deniedAtLastScan = denied;
    this.users ??= readOr(() => parsePasswd(readFileSync(this.passwdPath, 'utf8')), new Map());
    for (const inode of fresh) {
      const pids = holders.get(inode);
      let owner: SocketOwner | null = null;
      // The lowest pid whose facts can still be read names the socket; the rest are counted.
      for (const pid of pids ?? []) {
        if (!this.facts.has(pid)) {
          const f = readProcessFacts(this.procRoot, pid, this.users);
          if (f) this.facts.set(pid, f);
        }
        if (owner === null && this.facts.has(pid)) owner = { pid, others: 0 };
      }
      if (owner && pids) owner = { pid: owner.pid, others: pids.length - 1 };
      this.byInode.set(inode, owner);
    }
  }
}
