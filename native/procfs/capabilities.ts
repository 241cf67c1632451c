// Whether this process holds CAP_NET_ADMIN (kernel events, endpoint changes): read from the
// effective capability set in /proc/self/status, not guessed from the uid.
import { readFileSync } from 'node:fs';

const CAP_NET_ADMIN = 12;

/** Parses the CapEff line of /proc/PID/status; false when it is missing or malformed. */
export function hasNetAdmin(statusText: string): boolean {
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(statusText);
  if (!m?.[1]) return false;
  return (BigInt(`0x${m[1]}`) & (1n << BigInt(CAP_NET_ADMIN))) !== 0n;
}

export function processHasNetAdmin(procRoot = '/proc'): boolean {
  try {
    return hasNetAdmin(readFileSync(`${procRoot}/self/status`, 'utf8'));
  } catch {
    return false;
  }
}
