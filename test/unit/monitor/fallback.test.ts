// TCP fallback of connections: the flag from mptcp_info, the reason from the MPTcpExt counters
// that rose in the tick it was first seen fallen back (counters read from the lab client's real
// /proc/net/netstat, then raised as the kernel raises them), remembered per connection.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RawSample } from '../../../native/kernel/sample.js';
import type { MptcpCounters } from '../../../native/procfs/netstat.js';
import { mptcpCountersFrom, readNetstat } from '../../../native/procfs/netstat.js';
import {
  FALLBACK_BEFORE_WATCH,
  FALLBACK_UNEXPLAINED,
  fallbackReason,
} from '../../../electron/monitor/fallback-reasons.js';
import { conn, only, run, sample } from '../../fixtures/monitor/samples.js';

const LAB = fileURLToPath(new URL('../../fixtures/procfs/lab-client', import.meta.url));
const base = mptcpCountersFrom(readNetstat(LAB)) as MptcpCounters;
const plus = (name: string, by = 1): MptcpCounters => ({ ...base, [name]: (base[name] ?? 0) + by });

/** `s` with its one MPTCP socket flagged fallen back (or not) and these counters. */
function flagged(s: RawSample, fallback: boolean, counters: MptcpCounters | null): RawSample {
  return {
    ...s,
    counters,
    mptcpSockets: s.mptcpSockets.map((m) => ({ ...m, info: { ...m.info, fallback } })),
  };
}

describe('fallbackReason', () => {
  it('reads the real counter names of this kernel', () => {
    expect(base).toHaveProperty('MPCapableFallbackSYNACK');
    expect(base).toHaveProperty('MPCapableFallbackACK');
  });

  it('names the counter that rose, in words', () => {
    expect(fallbackReason(base, plus('MPCapableFallbackSYNACK'))).toBe(
      'the peer did not answer MP_CAPABLE: it does not speak MPTCP, or a box on the path strips the option (MPCapableFallbackSYNACK)',
    );
    expect(fallbackReason(base, plus('DssFallback'))).toBe(
      'a bad or missing DSS mapping (DssFallback)',
    );
  });

  it('names all when several rose, and says when none did or it fell back before', () => {
    const both = { ...plus('MPCapableFallbackACK'), MD5SigFallback: 1 };
    expect(fallbackReason(base, both)).toMatch(
      /^one of \(several fallbacks in the same tick\): .*MPCapableFallbackACK.*; .*MD5SigFallback/,
    );
    expect(fallbackReason(base, base)).toBe(FALLBACK_UNEXPLAINED);
    expect(fallbackReason(base, null)).toBe(FALLBACK_UNEXPLAINED);
    expect(fallbackReason(null, base)).toBe(FALLBACK_BEFORE_WATCH);
  });
});

describe('connections carry fallback and its reason', () => {
  it('is false for an MPTCP connection, with no reason', () => {
    const [a] = run(flagged(conn(0), false, base));
    expect(only(a!).fallback).toBe(false);
    expect(only(a!).fallbackReason).toBeUndefined();
  });

  it('takes the reason of the tick it fell back in, and keeps it after', () => {
    const [, b, c] = run(
      sample(0, { counters: base }),
      flagged(conn(1000), true, plus('MPCapableFallbackSYNACK')),
      // A later rise of another counter (some other connection) does not change it.
      flagged(conn(2000), true, plus('MPCapableFallbackSYNACK', 1 + 1)),
    );
    expect(only(b!).fallback).toBe(true);
    expect(only(b!).fallbackReason).toMatch(/MPCapableFallbackSYNACK\)$/);
    expect(only(c!).fallbackReason).toBe(only(b!).fallbackReason);
  });

  it('says the reason is unknown for a connection fallen back before the first sample', () => {
    const [a, b] = run(
      flagged(conn(0), true, base),
      flagged(conn(1000), true, plus('MPCapableFallbackSYNACK')),
    );
    expect(only(a!).fallbackReason).toBe(FALLBACK_BEFORE_WATCH);
    expect(only(b!).fallbackReason).toBe(FALLBACK_BEFORE_WATCH);
  });

  it('explains a fallback in the middle of a connection by the counter of that tick', () => {
    const [a, b] = run(
      flagged(conn(0), false, base),
      flagged(conn(1000), true, plus('MPCapableDataFallback')),
    );
    expect(only(a!).fallback).toBe(false);
    expect(only(b!).fallbackReason).toMatch(/\(MPCapableDataFallback\)$/);
  });
});
