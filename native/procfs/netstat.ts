// /proc/net/netstat (and /proc/net/snmp, same layout): pairs of "Group: names…" and
// "Group: values…" lines parsed into counters by group, with the MPTcpExt group (MPTCP MIB)
// picked out. The reader goes through /proc/thread-self/net so that a thread that entered a
// namespace reads that namespace's counters (/proc/net follows the process's main thread).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecodeError } from '../errors.js';

/** Counters by group then by name, e.g. groups.MPTcpExt.MPJoinSynRx. Counts since boot / netns creation. */
export type NetstatGroups = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * MPTCP MIB counters (MPCapableSYNRX, MPJoinSynRx, AddAddr, RmAddr, MPPrioTx, MPFailRx,
 * MPFastcloseTx, MPRstRx, MPCurrEstab, …): every name this kernel has, as it names them.
 */
export type MptcpCounters = Readonly<Record<string, number>>;

const LINE = /^([A-Za-z0-9_]+):(.*)$/;

/** Parses one "Group: names…" / "Group: values…" pair; `at` is the header's line number. */
function parsePair(
  headLine: string,
  valueLine: string | undefined,
  at: number,
): [string, Record<string, number>] {
  const where = 'netstat';
  const head = LINE.exec(headLine);
  if (!head) throw new DecodeError(where, at, 'expected "Group: names…"');
  const group = head[1] ?? '';
  if (valueLine === undefined) throw new DecodeError(where, at, `${group} has no values`);
  const vals = LINE.exec(valueLine);
  if (!vals || vals[1] !== group) {
    throw new DecodeError(where, at + 1, `expected the values of ${group}`);
  }
  const names = (head[2] ?? '').trim().split(/\s+/).filter(Boolean);
  const values = (vals[2] ?? '').trim().split(/\s+/).filter(Boolean);
  if (names.length !== values.length) {
    throw new DecodeError(
      where,
      at + 1,
      `${group}: ${names.length} names, ${values.length} values`,
    );
  }
  const counters: Record<string, number> = {};
  names.forEach((name, k) => {
    const v = values[k] ?? '';
    if (!/^-?\d+$/.test(v)) throw new DecodeError(where, at + 1, `${group} ${name}: "${v}"`);
    counters[name] = Number(v);
  });
  return [group, counters];
}

/** Parses the header/value line pairs. Throws DecodeError (offset = line number) if malformed. */
export function parseNetstat(text: string): NetstatGroups {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const groups: Record<string, Record<string, number>> = {};
  for (let i = 0; i < lines.length; i += 2) {
    const [group, counters] = parsePair(lines[i] ?? '', lines[i + 1], i + 1);
    groups[group] = counters;
  }
  return groups;
}

/**
 * One group's counters, or null when the text has no such group. Parses only that pair: the
 * monitor reads MPTcpExt every tick, and TcpExt and IpExt are most of the file.
 */
export function parseNetstatGroup(text: string, group: string): Record<string, number> | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const prefix = `${group}:`;
  const i = lines.findIndex((l) => l.startsWith(prefix));
  if (i < 0) return null;
  return parsePair(lines[i] ?? '', lines[i + 1], i + 1)[1];
}

/** The MPTcpExt group, or null on a kernel without MPTCP. */
export const mptcpCountersFrom = (groups: NetstatGroups): MptcpCounters | null =>
  groups.MPTcpExt ?? null;

/** Reads <procRoot>/thread-self/net/netstat: the calling thread's namespace. */
export function readNetstat(procRoot = '/proc'): NetstatGroups {
  return parseNetstat(readFileSync(join(procRoot, 'thread-self/net/netstat'), 'utf8'));
}

/** The MPTCP counters of the calling thread's namespace; null on a kernel without MPTCP. */
export const readMptcpCounters = (procRoot = '/proc'): MptcpCounters | null =>
  parseNetstatGroup(readFileSync(join(procRoot, 'thread-self/net/netstat'), 'utf8'), 'MPTcpExt');
