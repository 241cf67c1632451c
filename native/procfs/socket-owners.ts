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

const errCode = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/**
 * A pass over /proc/PID/fd of every process, resumable: each step reads processes until its
 * deadline, so a first look on a machine with many open files is spread over several ticks
 * instead of stalling one (200–350 ms for ~3,000 open files on a loaded 2-core machine).
 * It records the holders of every socket it meets, not only the wanted ones, so an inode asked
 * about while the pass runs is found if its process had not been read yet or held it then.
 */
export class ScanPass {
  private readonly pids: number[];
  private next = 0;
  /** Pids (ascending) holding each socket inode met so far. */
  readonly holders = new Map<number, number[]>();
  /** Processes whose fd directory could not be read (EACCES: another user's, unprivileged). */
  denied = 0;

  constructor(private readonly procRoot: string) {
    this.pids = readdirSync(procRoot)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  }

  get done(): boolean {
    return this.next >= this.pids.length;
  }

  /** Processes read so far, and in all. */
  get progress(): { readonly read: number; readonly total: number } {
    return { read: this.next, total: this.pids.length };
  }

  /**
   * Reads processes until `deadline` (performance.now() ms) or the end, at least one so every
   * step makes progress; true when done.
   */
  step(deadline = Infinity): boolean {
    while (this.next < this.pids.length) {
      const pid = this.pids[this.next++];
      if (pid !== undefined) this.readProcess(pid);
      if (this.next < this.pids.length && performance.now() >= deadline) return false;
    }
    return true;
  }

  private readProcess(pid: number): void {
    const dir = `${this.procRoot}/${pid}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch (err) {
      // EACCES: not ours and we are unprivileged. ENOENT: the process just exited.
      if (errCode(err) === 'EACCES' || errCode(err) === 'EPERM') this.denied++;
      return;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${dir}/${fd}`);
      } catch {
        continue; // closed between readdir and readlink
      }
      const inode = socketInodeOf(target);
      if (inode === null) continue;
      const list = this.holders.get(inode);
      if (!list) this.holders.set(inode, [pid]);
      else if (list[list.length - 1] !== pid) list.push(pid); // one process, several fds
    }
  }
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
  /**
   * Time one lookup may spend reading /proc, ms (default 30: 3 % of a 1 s tick); a pass that
   * needs longer goes on at the next lookup. Infinity reads everything at once.
   */
  readonly budgetMs?: number;
}

/** What the note says while the first look is spread over ticks. */
export const lookingUpNote = (read: number, total: number): string =>
  `still looking up which processes hold some sockets: ${read} of ${total} processes read ` +
  'so far (the first look is spread over a few ticks to stay light)';

/**
 * The inode → owner cache of one kernel thread. Every inode is resolved once: by a pass over
 * /proc when it is first asked about (one pass covers all new inodes, possibly over several
 * lookups, see ScanPass), never again while it stays in the asked set. An inode no process holds
 * (a socket still in the accept queue has inode 0 and is not asked about; one closed meanwhile)
 * is cached as ownerless too, so it never costs a rescan.
 */
export class SocketOwners {
  private readonly byInode = new Map<number, SocketOwner | null>();
  private readonly facts = new Map<number, ProcessFacts>();
  private users: ReadonlyMap<number, string> | null = null;
  private deniedAtLastScan = 0;
  /** The pass under way, and the inodes it was started for (the ones it may call ownerless). */
  private pass: {
    readonly scan: ScanPass;
    readonly wanted: Set<number>;
    /** Asked for after the pass had read some processes: not found is not proof of no owner. */
    readonly late: Set<number>;
  } | null = null;
  /** Passes over /proc started so far (for tests and benchmarks). */
  scans = 0;
  private readonly procRoot: string;
  private readonly passwdPath: string;
  private readonly budgetMs: number;

  constructor(options: SocketOwnersOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.passwdPath = options.passwdPath ?? '/etc/passwd';
    this.budgetMs = options.budgetMs ?? 30;
  }

  /** Owners of `inodes` (0 ignored); forgets every cached inode not in this call. */
  lookup(inodes: Iterable<number>): OwnerLookup {
    const deadline = performance.now() + this.budgetMs;
    const current = new Set<number>();
    const fresh: number[] = [];
    for (const inode of inodes) {
      if (inode === 0) continue;
      current.add(inode);
      if (!this.byInode.has(inode)) fresh.push(inode);
    }
    for (const inode of this.byInode.keys()) if (!current.has(inode)) this.byInode.delete(inode);
    if (fresh.length > 0 || this.pass) this.advance(fresh, deadline);
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
    if (this.pass && unowned) {
      const { read, total } = this.pass.scan.progress;
      return { owners, processes, note: lookingUpNote(read, total) };
    }
    return unowned && this.deniedAtLastScan > 0
      ? { owners, processes, note: UNPRIVILEGED_NOTE }
      : { owners, processes };
  }

  /** Starts or continues a pass for `fresh` inodes; resolves them when it ends. */
  private advance(fresh: readonly number[], deadline: number): void {
    if (!this.pass) {
      this.scans++;
      this.pass = { scan: new ScanPass(this.procRoot), wanted: new Set(), late: new Set() };
    }
    const pass = this.pass;
    const started = pass.scan.progress.read > 0;
    for (const inode of fresh) {
      pass.wanted.add(inode);
      if (started) pass.late.add(inode);
    }
    if (!pass.scan.step(deadline)) return;
    this.pass = null;
    this.deniedAtLastScan = pass.scan.denied;
    this.users ??= readOr(() => parsePasswd(readFileSync(this.passwdPath, 'utf8')), new Map());
    for (const inode of pass.wanted) {
      const pids = pass.scan.holders.get(inode);
      // Its process may have been read before it opened the socket: the next lookup looks again.
      if (pids === undefined && pass.late.has(inode)) continue;
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
