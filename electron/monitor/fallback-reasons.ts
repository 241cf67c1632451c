// Why a connection fell back to plain TCP, from what the kernel counted at that moment: the
// MPTcpExt fallback counters (net/mptcp/mib.h) that rose between the previous sample and the one
// where the connection is first seen fallen back. mptcp_info only says *that* it fell back; the
// counters are per namespace, so when several rose in one tick all are named. Pure.
import type { MptcpCounters } from '../../native/procfs/netstat.js';

/** MPTcpExt counters that count a fallback, with what each means (mib.h comments, in words). */
const FALLBACK_COUNTERS: readonly (readonly [name: string, words: string])[] = [
  [
    'MPCapableFallbackSYNACK',
    'the peer did not answer MP_CAPABLE: it does not speak MPTCP, or a box on the path strips the option (MPCapableFallbackSYNACK)',
  ],
  [
    'MPCapableFallbackACK',
    'the client did not confirm MP_CAPABLE in its handshake ACK (MPCapableFallbackACK)',
  ],
  [
    'MPCapableSYNTXDrop',
    'SYNs with MP_CAPABLE went unanswered, so the kernel retried without MPTCP (MPCapableSYNTXDrop)',
  ],
  [
    'MPCapableSYNTXDisabled',
    'the kernel did not try MPTCP: its blackhole protection turned MP_CAPABLE off after earlier drops (MPCapableSYNTXDisabled)',
  ],
  [
    'MPCapableDataFallback',
    'the first data lacked the MPTCP mapping: a box on the path strips MPTCP options (MPCapableDataFallback)',
  ],
  ['DssFallback', 'a bad or missing DSS mapping (DssFallback)'],
  ['DSSCorruptionFallback', 'the DSS mapping was corrupted on the path (DSSCorruptionFallback)'],
  [
    'MD5SigFallback',
    'the socket uses TCP MD5 signatures, which MPTCP cannot carry (MD5SigFallback)',
  ],
  ['SimultConnectFallback', 'a simultaneous connect (SimultConnectFallback)'],
  ['MPFallbackTokenInit', 'the kernel could not set up an MPTCP token (MPFallbackTokenInit)'],
];

/** Said when the connection had fallen back before the first sample Subflow took. */
export const FALLBACK_BEFORE_WATCH =
  'unknown: it had fallen back before Subflow started watching (no counter rise to tell why)';
/** Said when no fallback counter rose, or the counters could not be read. */
export const FALLBACK_UNEXPLAINED = 'unknown: no MPTcpExt fallback counter rose when it fell back';

/**
 * The reason of a fallback first seen between `before` and `now` (MPTcpExt counters of the two
 * samples; `before` null = this is the first sample).
 */
export function fallbackReason(before: MptcpCounters | null, now: MptcpCounters | null): string {
  if (before === null) return FALLBACK_BEFORE_WATCH;
  if (now === null) return FALLBACK_UNEXPLAINED;
  const rose = FALLBACK_COUNTERS.filter(([name]) => (now[name] ?? 0) > (before[name] ?? 0));
  if (rose.length === 0) return FALLBACK_UNEXPLAINED;
  if (rose.length === 1) return (rose[0] as readonly [string, string])[1];
  return `one of (several fallbacks in the same tick): ${rose.map(([, w]) => w).join('; ')}`;
}
