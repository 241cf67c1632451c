// What `subflow run` says about the connections of the program it started: for each socket the
// program holds, MPTCP with how many subflows, fallen back to TCP (mptcp_info's FALLBACK flag)
// and why when the namespace's MPTcpExt counters tell, or plain TCP (the wrapper did not apply).
// Pure: socket records and counters in, statuses and sentences out.
import { risenFallbackCounters } from '../monitor/fallback-reasons.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../../native/sock-diag/records.js';
import { socketAddressText } from '../monitor/keys.js';

export type RunConnectionKind = 'mptcp' | 'fallback' | 'tcp';

export interface RunConnection {
  /** Socket cookie: the same socket keeps it for its life. */
  readonly cookie: string;
  readonly kind: RunConnectionKind;
  /** "local → remote". */
  readonly name: string;
  /** Established subflows (MPTCP connections; a fallen-back one has its single TCP flow). */
  readonly subflows: number;
}

const isOpen = (state: string): boolean =>
  state !== 'listen' && state !== 'close' && state !== 'time-wait';

/** The program's connections: sockets whose inode is in `owned`. */
export function runConnections(
  sockets: readonly MptcpSocketRecord[],
  tcp: readonly TcpSocketRecord[],
  owned: ReadonlySet<number>,
): RunConnection[] {
  const subflowsByToken = new Map<number, number>();
  for (const s of tcp) {
    const token = s.mptcp?.tokenLocal;
    if (s.ulp === 'mptcp' && token !== undefined && s.state === 'established') {
      subflowsByToken.set(token, (subflowsByToken.get(token) ?? 0) + 1);
    }
  }
  const out: RunConnection[] = [];
  for (const s of sockets) {
    if (!owned.has(s.inode) || !isOpen(s.state)) continue;
    const name = `${socketAddressText(s.local)} → ${socketAddressText(s.remote)}`;
    const token = s.info?.token;
    const subflows = token === undefined ? 0 : (subflowsByToken.get(token) ?? 0);
    out.push({
      cookie: s.cookie,
      kind: s.info?.fallback === true ? 'fallback' : 'mptcp',
      name,
      subflows,
    });
  }
  for (const s of tcp) {
    if (s.ulp === 'mptcp' || !owned.has(s.inode) || s.state !== 'established') continue;
    out.push({
      cookie: s.cookie,
      kind: 'tcp',
      name: `${socketAddressText(s.local)} → ${socketAddressText(s.remote)}`,
      subflows: 1,
    });
  }
  return out;
}

/** MPTcpExt counters whose rise explains a fallback, and what they mean. */

/**
 * Why connections fell back, from the counters that rose between `before` and `now` in the
 * namespace (they are not per connection: another program's fallback counts too, so the text
 * says where it comes from); null when none rose.
 */
export function fallbackCause(
  before: MptcpCounters | null,
  now: MptcpCounters | null,
): string | null {
  if (!before || !now) return null;
  const first = risenFallbackCounters(before, now)[0];
  return first
    ? `${first.words} (MPTcpExt ${first.name} rose by ${first.delta} in this namespace during the run)`
    : null;
}

/** The sentence for one connection. */
export function describeConnection(c: RunConnection, cause: string | null): string {
  switch (c.kind) {
    case 'mptcp':
      return `${c.name}: MPTCP, ${c.subflows} subflow${c.subflows === 1 ? '' : 's'}`;
    case 'fallback':
      return `${c.name}: fell back to TCP: ${cause ?? 'the kernel flags the fallback (mptcp_info FALLBACK) without saying why'}`;
    case 'tcp':
      return `${c.name}: plain TCP, not an MPTCP socket (the wrapper did not apply to it)`;
  }
}

/** One line summing up what the program's connections were. */
export function runSummary(seen: ReadonlyMap<string, RunConnection>): string {
  const all = [...seen.values()];
  if (all.length === 0) return 'no TCP connection of the program was seen (sampled twice a second)';
  const mptcp = all.filter((c) => c.kind === 'mptcp');
  const most = Math.max(0, ...mptcp.map((c) => c.subflows));
  const parts = [
    `${mptcp.length} MPTCP${mptcp.length > 0 ? ` (up to ${most} subflow${most === 1 ? '' : 's'})` : ''}`,
    `${all.filter((c) => c.kind === 'fallback').length} fell back to TCP`,
    `${all.filter((c) => c.kind === 'tcp').length} plain TCP`,
  ];
  return `${all.length} connection${all.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
