// The I/O around the agent's rendezvous file (agent-rendezvous.ts decides): gathering the facts a
// reader needs, and writing it atomically (a temporary file in the same directory, its mode and
// group set before the rename, so a reader never sees a partial file or a moment of wider access)
// and removing it only while it is still this agent's.
import { closeSync, fchmodSync, fchownSync, mkdirSync, openSync } from 'node:fs';
import { readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Rendezvous, RendezvousFacts } from './agent-rendezvous.js';
import { RENDEZVOUS_MODE, parseRendezvous, rendezvousText } from './agent-rendezvous.js';

/** Whether process `pid` exists: signal 0 reaches it, or it exists but is another user's. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether an agent runs as `pid`: the process exists and its command line has the `agent`
 * argument. A pid alone is not enough: after an agent was killed (SIGKILL, out of memory) its pid
 * may be reused by anything, and the file it left must then read as stale. Where /proc hides
 * other users' command lines (hidepid), existence is all that can be known.
 */
export function agentAlive(pid: number, procRoot = '/proc'): boolean {
  if (!pidAlive(pid)) return false;
  try {
    return readFileSync(`${procRoot}/${String(pid)}/cmdline`, 'utf8')
      .split('\0')
      .includes('agent');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** What the file at `path` is for a reader (this process). */
export function readRendezvousFacts(
  path: string,
  alive: (pid: number) => boolean = agentAlive,
): RendezvousFacts {
  try {
    return { kind: 'read', text: readFileSync(path, 'utf8'), pidAlive: alive };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'unreadable', code };
  }
}

/** The id of group `name` in an /etc/group text, or null when it is not there. */
export function groupIdIn(groupText: string, name: string): number | null {
  for (const line of groupText.split('\n')) {
    const [group, , gid] = line.split(':');
    if (group === name && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  return null;
}

/** The id of group `name` on this system (from /etc/group), or null. */
export function systemGroupId(name: string, groupFile = '/etc/group'): number | null {
  try {
    return groupIdIn(readFileSync(groupFile, 'utf8'), name);
  } catch {
    return null;
  }
}

/**
 * Writes `info` to `path` whole: the directory is created (0755) if missing, the text goes to a
 * temporary file made mode 0640 (and group `gid` when given) before it is renamed over `path`.
 */
export function writeRendezvous(path: string, info: Rendezvous, gid: number | null): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const temp = join(dirname(path), `.agent.json.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', RENDEZVOUS_MODE);
  try {
    // The mode given to open is cut by the umask: set it exactly.
    fchmodSync(fd, RENDEZVOUS_MODE);
    if (gid !== null) fchownSync(fd, -1, gid);
    writeSync(fd, rendezvousText(info));
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(temp, path);
}

/**
 * Removes the file at `path` if it still names `pid` (a newer agent may have replaced it).
 * Synchronous, so it can run from an 'exit' handler. Returns whether it removed it.
 */
export function removeRendezvous(path: string, pid: number): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  const parsed = parseRendezvous(text);
  if (!parsed.ok || parsed.value.pid !== pid) return false;
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
