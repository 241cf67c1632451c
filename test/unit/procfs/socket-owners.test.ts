import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CMDLINE_MAX,
  parseCmdline,
  parseComm,
  parsePasswd,
  parseStatusUid,
  socketInodeOf,
} from '../../../native/procfs/process-text.js';
import {
  lookingUpNote,
  SocketOwners,
  UNPRIVILEGED_NOTE,
} from '../../../native/procfs/socket-owners.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/procfs/process');
const fixture = (name: string): string => readFileSync(join(FIXTURE, name), 'utf8');

describe('/proc texts of a process (captured from a python3 holding a TCP socket)', () => {
  it('finds the socket inode among the fd link targets and nothing else', () => {
    const inodes = fixture('fd-links')
      .trim()
      .split('\n')
      .map((line) => socketInodeOf(line.slice(line.indexOf(' ') + 1)));
    expect(inodes.filter((i) => i !== null)).toEqual([34458]);
  });
  it('rejects targets that only look like sockets', () => {
    for (const t of ['socket:[]', 'socket:[12a]', 'socket:12', 'pipe:[35393]', 'socket:[0]']) {
      expect(socketInodeOf(t)).toBeNull();
    }
    expect(socketInodeOf('socket:[4294967295]')).toBe(4294967295);
    expect(socketInodeOf('socket:[4294967296]')).toBeNull();
  });
  it('reads name, effective uid and a bounded command line', () => {
    expect(parseComm(fixture('comm'))).toBe('python3');
    expect(parseStatusUid(fixture('status'))).toBe(0);
    expect(parseStatusUid('Uid:\t1000\t65534\t1000\t1000\n')).toBe(65534);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
    const line = parseCmdline(readFileSync(join(FIXTURE, 'cmdline')));
    expect(line.startsWith('/root/.pyenv/versions/3.11.7/bin/python3 -c \nimport socket')).toBe(
      true,
    );
    expect(line).toHaveLength(CMDLINE_MAX);
    expect(line.endsWith('…')).toBe(true);
    expect(parseCmdline(new TextEncoder().encode('iperf3\0-c\x00198.51.100.2\0'))).toBe(
      'iperf3 -c 198.51.100.2',
    );
    expect(parseCmdline(new Uint8Array())).toBe('');
  });
  it('names uids from /etc/passwd, first entry winning', () => {
    const users = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# c\nbad\ntoor:x:0:0::/:/bin/sh\n');
    expect([...users]).toEqual([[0, 'root']]);
  });
});

/** A /proc-like tree: processes with status/comm/cmdline and fd links to sockets. */
class FakeProc {
  readonly root = mkdtempSync(join(tmpdir(), 'subflow-proc-'));
  addProcess(pid: number, name: string, uid: number, sockets: number[], readable = true): void {
    const dir = join(this.root, String(pid));
    mkdirSync(join(dir, 'fd'), { recursive: true, mode: readable ? 0o755 : 0o000 });
    writeFileSync(join(dir, 'status'), `Name:\t${name}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`);
    writeFileSync(join(dir, 'comm'), `${name}\n`);
    writeFileSync(join(dir, 'cmdline'), `${name}\0--flag\0`);
    sockets.forEach((inode, i) => {
      symlinkSync(`socket:[${inode}]`, join(dir, 'fd', String(i + 3)));
    });
    symlinkSync('/dev/null', join(dir, 'fd', '0'));
  }
  addSocket(pid: number, fd: number, inode: number): void {
    symlinkSync(`socket:[${inode}]`, join(this.root, String(pid), 'fd', String(fd)));
  }
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

describe('SocketOwners: inode → process, cached', () => {
  let proc: FakeProc;
  let passwd: string;
  beforeEach(() => {
    proc = new FakeProc();
    passwd = join(proc.root, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/a:/bin/sh\n');
  });
  afterEach(() => {
    proc.remove();
  });

  it('names the process holding each socket, with its user', () => {
    proc.addProcess(120, 'iperf3', 1000, [501, 502]);
    proc.addProcess(130, 'python3', 0, [601]);
    const owners = new SocketOwners({ procRoot: proc.root, passwdPath: passwd });
    const r = owners.lookup([501, 601, 0]);
    expect([...r.owners]).toEqual([
      [501, { pid: 120, others: 0 }],
      [601, { pid: 130, others: 0 }],
    ]);
    expect(r.processes).toEqual([
      { pid: 120, name: 'iperf3', cmdline: 'iperf3 --flag', uid: 1000, user: 'alice' },
      { pid: 130, name: 'python3', cmdline: 'python3 --flag', uid: 0, user: 'root' },
    ]);
    expect(r.note).toBeUndefined();
  });

  it('rescans /proc only when an inode it has not seen appears', () => {
    proc.addProcess(120, 'iperf3', 1000, [501, 502]);
    const owners = new SocketOwners({ procRoot: proc.root, passwdPath: passwd });
    owners.lookup([501]);
    owners.lookup([501]);
    expect(owners.scans).toBe(1);
    // A new socket of a new process: one scan finds it…
    proc.addProcess(140, 'curl', 1000, [701]);
    expect(owners.lookup([501, 701]).owners.get(701)).toEqual({ pid: 140, others: 0 });
    expect(owners.scans).toBe(2);
    // …an inode nobody holds is remembered as ownerless, not rescanned every tick…
    expect(owners.lookup([501, 701, 999]).owners.has(999)).toBe(false);
    owners.lookup([501, 701, 999]);
    expect(owners.scans).toBe(3);
    // …and a forgotten inode (socket gone) costs a scan if it ever comes back.
    owners.lookup([501]);
    owners.lookup([501, 701]);
    expect(owners.scans).toBe(4);
  });

  it('spreads a pass that exceeds its time budget over lookups, saying so meanwhile', () => {
    proc.addProcess(120, 'iperf3', 1000, [501]);
    proc.addProcess(130, 'python3', 0, [601]);
    proc.addProcess(140, 'curl', 1000, [701]);
    // A zero budget: one process read per lookup.
    const owners = new SocketOwners({ procRoot: proc.root, passwdPath: passwd, budgetMs: 0 });
    const first = owners.lookup([501, 601, 701]);
    expect(first.owners.size).toBe(0);
    expect(first.note).toBe(lookingUpNote(1, 3));
    // A socket opened by a process the pass has already read: not called ownerless…
    proc.addSocket(120, 9, 801);
    expect(owners.lookup([501, 601, 701, 801]).note).toBe(lookingUpNote(2, 3));
    const done = owners.lookup([501, 601, 701, 801]);
    expect([...done.owners.keys()]).toEqual([501, 601, 701]);
    expect(done.note).toBeUndefined(); // nothing denied; 801 waits for the next pass
    expect(owners.scans).toBe(1);
    // …but looked for again by a new pass, which finds it.
    let again = owners.lookup([501, 601, 701, 801]);
    for (let i = 0; i < 3 && again.note !== undefined; i++)
      again = owners.lookup([501, 601, 701, 801]);
    expect(again.owners.get(801)).toEqual({ pid: 120, others: 0 });
    expect(owners.scans).toBe(2);
  });

  it('names the lowest pid of a socket shared over fork and counts the others', () => {
    proc.addProcess(300, 'nginx', 0, [801]);
    proc.addProcess(301, 'nginx', 33, [801]);
    proc.addProcess(302, 'nginx', 33, [801]);
    proc.addSocket(302, 9, 801); // a dup in the same process is not another owner
    const r = new SocketOwners({ procRoot: proc.root, passwdPath: passwd }).lookup([801]);
    expect(r.owners.get(801)).toEqual({ pid: 300, others: 2 });
    expect(r.processes.map((p) => p.pid)).toEqual([300]);
  });

  it.runIf(process.getuid?.() !== 0)(
    'says why sockets of unreadable processes have no owner',
    () => {
      proc.addProcess(120, 'iperf3', 1000, [501]);
      proc.addProcess(130, 'sshd', 0, [601], false);
      const r = new SocketOwners({ procRoot: proc.root, passwdPath: passwd }).lookup([501, 601]);
      expect(r.owners.has(601)).toBe(false);
      expect(r.note).toBe(UNPRIVILEGED_NOTE);
    },
  );

  it('gives no note when every socket was found', () => {
    proc.addProcess(120, 'iperf3', 1000, [501]);
    proc.addProcess(130, 'sshd', 0, [], false);
    const r = new SocketOwners({ procRoot: proc.root, passwdPath: passwd }).lookup([501]);
    expect(r.note).toBeUndefined();
  });
});
