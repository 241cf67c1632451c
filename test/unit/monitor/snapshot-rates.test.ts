// buildSnapshot rates on hand-made samples: first sight, counter resets, clocks that do not
// advance, reused sockets, renamed and removed interfaces, connections without mptcp_info
// counters, failed dumps.
import { describe, expect, it } from 'vitest';
import { MAX_PLAUSIBLE_RATE, counterRate } from '../../../electron/monitor/rates.js';
import { buildSnapshot } from '../../../electron/monitor/snapshot.js';
import type { MonitorState } from '../../../electron/monitor/snapshot.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import { CONTEXT, TOKEN, conn, link, only, run, sample } from '../../fixtures/monitor/samples.js';

describe('counterRate', () => {
  it('is 0 for a first reading, elapsed ≤ 0, a counter going down, non-finite or absurd values', () => {
    expect(counterRate(undefined, 0, 100, 1000)).toBe(0);
    expect(counterRate(0, 1000, 100, 1000)).toBe(0);
    expect(counterRate(0, 1000, 100, 500)).toBe(0);
    expect(counterRate(100, 0, 50, 1000)).toBe(0);
    expect(counterRate(0, 0, NaN, 1000)).toBe(0);
    expect(counterRate(0, 0, MAX_PLAUSIBLE_RATE * 2, 1000)).toBe(0);
    expect(counterRate(1000, 0, 3000, 500)).toBe(4000);
  });
});

describe('rates across ticks', () => {
  it('first sample: every rate 0; then bytes per second over the monotonic elapsed time', () => {
    const [a, b] = run(
      conn(0, { acked: 0, red: 0, blue: 0 }),
      conn(500, { acked: 3000, red: 2000, blue: 1000 }),
    );
    expect(only(a!).txRate).toBe(0);
    expect(only(b!).txRate).toBe(6000);
    expect(only(b!).subflows.map((s) => s.txRate)).toEqual([4000, 2000]);
  });

  it('a counter reset gives 0, not a negative rate, and the next tick resumes', () => {
    const [, b, c] = run(
      conn(0, { acked: 5000, red: 5000, blue: 0 }),
      conn(1000, { acked: 100, red: 100, blue: 0 }),
      conn(2000, { acked: 1100, red: 1100, blue: 0 }),
    );
    expect(only(b!).txRate).toBe(0);
    expect(only(b!).subflows[0]!.txRate).toBe(0);
    expect(only(c!).txRate).toBe(1000);
    expect(only(c!).subflows[0]!.txRate).toBe(1000);
  });

  it('elapsed time 0 or negative (monotonic clock not advancing) gives 0 everywhere', () => {
    for (const t of [1000, 400]) {
      const [, b] = run(conn(1000, { acked: 0, red: 0 }), conn(t, { acked: 9000, red: 9000 }));
      expect(only(b!).txRate).toBe(0);
      expect(only(b!).subflows.every((s) => s.txRate === 0 && s.rxRate === 0)).toBe(true);
      expect(b!.interfaces.every((i) => i.txRate === 0)).toBe(true);
    }
  });

  it('a reused socket (same addresses, new cookie) starts again: rate 0, firstSeen now', () => {
    const first = conn(0, { acked: 1000, red: 1000 });
    const reused = conn(1000, { acked: 5000, red: 5000, cookie: 'a9' });
    const [a, b] = run(first, {
      ...reused,
      subflows: reused.subflows.map((s) => (s.cookie === 'b1' ? { ...s, cookie: 'c1' } : s)),
    });
    expect(only(b!).txRate).toBe(0);
    expect(only(b!).firstSeen).toBe(reused.time);
    expect(only(a!).firstSeen).toBe(first.time);
    expect(only(b!).subflows[0]!.txRate).toBe(0);
  });

  it('interface rates: a renamed interface (same ifindex) is new, a removed one is forgotten', () => {
    const s0 = sample(0, {
      interfaces: [link(3, 'red-c', [], { tx: 1000 }), link(4, 'wlan0', [], { tx: 0 })],
    });
    const s1 = sample(1000, {
      interfaces: [link(3, 'eth9', [], { tx: 9000 }), link(4, 'wlan0', [], { tx: 500 })],
    });
    const s2 = sample(2000, { interfaces: [link(3, 'eth9', [], { tx: 10000 })] });
    const s3 = sample(3000, {
      interfaces: [link(3, 'eth9', [], { tx: 11000 }), link(4, 'wlan0', [], { tx: 900 })],
    });
    let state: MonitorState | null = null;
    const out = [s0, s1, s2, s3].map((s) => {
      const r = buildSnapshot(state, s, CONTEXT);
      state = r.state;
      return r;
    });
    const rates = (i: number) => out[i]!.snapshot.interfaces.map((x) => [x.name, x.txRate]);
    expect(rates(1)).toEqual([
      ['eth9', 0],
      ['wlan0', 500],
    ]);
    expect(rates(2)).toEqual([['eth9', 1000]]);
    expect([...out[2]!.state.interfaces.keys()]).toEqual(['3:eth9']);
    expect(rates(3)).toEqual([
      ['eth9', 1000],
      ['wlan0', 0],
    ]);
  });

  it('without mptcp_info counters a connection’s rates and bytes are its subflows’ sums', () => {
    const strip = (s: RawSample): RawSample => ({
      ...s,
      mptcpSockets: s.mptcpSockets.map((m) => ({ ...m, info: { size: 48, token: TOKEN } })),
    });
    const [, b] = run(
      strip(conn(0, { red: 0, blue: 0 })),
      strip(conn(1000, { red: 3000, blue: 1000 })),
    );
    expect(only(b!)).toMatchObject({ txRate: 4000, bytesAcked: 4000, bytesSent: 4000 });
  });
  it('a failed subflow dump keeps the previous counters, so the next rate spans the gap', () => {
    const failed = {
      ...conn(1000, { red: 500 }),
      subflows: [],
      problems: ['MPTCP subflows: EBUSY'],
    };
    const [, , c] = run(conn(0, { red: 0 }), failed, conn(2000, { red: 2000 }));
    expect(only(c!).subflows[0]!.txRate).toBe(1000);
  });
});

describe('subflows the kernel thread handed over unchanged', () => {
  it('are shown by the same object while idle, and by a new one as soon as a rate moves', () => {
    const a = conn(0, { acked: 1000, red: 1000, blue: 500 });
    const moved = conn(1000, { acked: 3000, red: 3000, blue: 500 });
    // b: the red subflow moved (a new sampled object), the blue one is last tick's object.
    const b: RawSample = {
      ...moved,
      subflows: moved.subflows.map((s, i) =>
        s.cookie === a.subflows[i]?.cookie && i > 0 ? a.subflows[i] : s,
      ),
    };
    // c: nothing moved, every subflow is b's object; d: the same again.
    const c: RawSample = { ...b, monotonicMs: 2000, time: b.time + 1000 };
    const d: RawSample = { ...b, monotonicMs: 3000, time: b.time + 2000 };
    const [sa, sb, sc, sd] = run(a, b, c, d);
    const red = (s: typeof sa) => only(s!).subflows[0]!;
    const blue = (s: typeof sa) => only(s!).subflows[1]!;
    expect(blue(sb)).toBe(blue(sa)); // idle both ticks: rate 0 → 0
    expect(red(sb).txRate).toBe(2000);
    // c: red's counters did not move since b: its rate falls to 0, so it cannot be b's object.
    expect(red(sc)).not.toBe(red(sb));
    expect(red(sc).txRate).toBe(0);
    expect(red(sd)).toBe(red(sc));
    expect(sd).toEqual({ ...sc, time: sd!.time });
  });
});
