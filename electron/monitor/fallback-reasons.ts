// Why a connection fell back to plain TCP, from what the kernel counted at that moment: the
// MPTcpExt fallback counters (net/mptcp/mib.h) that rose between the previous sample and the one
// where the connection is first seen fallen back. mptcp_info only says *that* it fell back; the
// counters are per namespace, so when several rose in one tick all are named. Pure.
import type { MptcpCounters } from '../../native/procfs/netstat.js';

/** MPTcpExt counters that count a fallback, with what each means (mib.h comments, in words). */
const FALLBACK_COUNTERS: readonly (readonly [name: string, words: string])[] = [
  [
    'MPCapableFallbackSYNACK',
    'the peer did not answer MP_CAPABLE: it does not speak MPTCP, or a box on the path strips the option',
  ],
  ['MPCapableFallbackACK', 'the client did not confirm MP_CAPABLE in its handshake ACK'],
  [
    'MPCapableSYNTXDrop',
    'SYNs with MP_CAPABLE went unanswered, so the kernel retried without MPTCP',
  ],
  [
    'MPCapableSYNTXDisabled',
    'the kernel did not try MPTCP: its blackhole protection turned MP_CAPABLE off after earlier drops',
  ],
  [
    'MPCapableDataFallback',
    'the first data lacked the MPTCP mapping: a box on the path strips MPTCP options',
  ],
  ['DssFallback', 'a bad or missing DSS mapping'],
  ['DSSCorruptionFallback', 'the DSS mapping was corrupted on the path'],
  ['MD5SigFallback', 'the socket uses TCP MD5 signatures, which MPTCP cannot carry'],
  ['SimultConnectFallback', 'a simultaneous connect'],
  ['MPFallbackTokenInit', 'the kernel could not set up an MPTCP token'],
];

/** Said when the connection had fallen back before the first sample Subflow took. */
export const FALLBACK_BEFORE_WATCH =
  'unknown: it had fallen back before Subflow started watching (no counter rise to tell why)';
/** Said when no fallback counter rose, or the counters could not be read. */
export const FALLBACK_UNEXPLAINED = 'unknown: no MPTcpExt fallback counter rose when it fell back';

/** A fallback counter that rose between two readings: its name, what it means, by how much. */
export interface RisenFallbackCounter {
  readonly name: string;
  readonly words: string;
  readonly delta: number;
}

/** The fallback counters that rose from `before` to `now`, in the table's order. */
export function risenFallbackCounters(
  before: MptcpCounters,
  now: MptcpCounters,
): RisenFallbackCounter[] {
  return FALLBACK_COUNTERS.map(([name, words]) => ({
    name,
    words,
    delta: (now[name] ?? 0) - (before[name] ?? 0),
  })).filter((c) => c.delta > 0);
}

/**
 * The reason of a fallback first seen between `before` and `now` (MPTcpExt counters of the two
 * samples; `before` null = this is the first sample).
 */
export function fallbackReason(before: MptcpCounters | null, now: MptcpCounters | null): string {
  if (before === null) return FALLBACK_BEFORE_WATCH;
  if (now === null) return FALLBACK_UNEXPLAINED;
  const rose = risenFallbackCounters(before, now).map((c) => `${c.words} (${c.name})`);
  if (rose.length === 0) return FALLBACK_UNEXPLAINED;
  if (rose.length === 1) return rose[0] ?? FALLBACK_UNEXPLAINED;
  return `one of (several fallbacks in the same tick): ${rose.join('; ')}`;
}
