// Pure parsers of the /proc texts that name the process behind a socket: the `socket:[INODE]`
// target of a /proc/PID/fd link, /proc/PID/comm, /proc/PID/cmdline, the Uid line of
// /proc/PID/status, and /etc/passwd for the user's name. Text in, data out.

/** The inode of an fd link target such as `socket:[123456]`, or null for anything else. */
export function socketInodeOf(linkTarget: string): number | null {
  if (!linkTarget.startsWith('socket:[') || !linkTarget.endsWith(']')) return null;
  const digits = linkTarget.slice(8, -1);
  if (!/^\d{1,10}$/.test(digits)) return null;
  const inode = Number(digits);
  return inode > 0 && inode <= 0xffffffff ? inode : null;
}

/** Longest command line kept: enough to tell `python3 client.py` from `python3 server.py`. */
export const CMDLINE_MAX = 256;

/**
 * /proc/PID/cmdline: arguments separated (and ended) by NUL → one line, spaces between. Empty for
 * kernel threads and zombies. Cut at CMDLINE_MAX characters with an ellipsis.
 */
export function parseCmdline(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8');
  const line = text.replaceAll('\0', ' ');
  return line.length > CMDLINE_MAX ? `${line.slice(0, CMDLINE_MAX - 1)}…` : line;
}

/** /proc/PID/comm: the kernel's 15-character task name, without its newline. */
export const parseComm = (text: string): string => text.replace(/\n$/, '');

/** The effective uid from the `Uid:` line of /proc/PID/status (real, effective, saved, fs). */
export function parseStatusUid(text: string): number | null {
  const m = /^Uid:\s+(\d+)\s+(\d+)/m.exec(text);
  return m?.[2] !== undefined ? Number(m[2]) : null;
}

/** uid → user name from /etc/passwd text (first entry wins, as getpwuid does). */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    const name = fields[0];
    const uid = Number(fields[2]);
    if (!name || fields[2] === undefined || !/^\d+$/.test(fields[2])) continue;
    if (!users.has(uid)) users.set(uid, name);
  }
  return users;
}
