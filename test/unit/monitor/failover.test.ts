import { describe, expect, it } from 'vitest';
import type { PmEvent, TickUpdate } from '../../../electron/contract.js';
import { detectFailovers } from '../../../electron/monitor/failover.js';
import type { ConnectionRates } from '../session/snapshots.js';
import { T0, ticksOf } from '../session/snapshots.js';

const A = 'a1b2c3d4';
const row = (red: number | null, blue: number | null, state?: string): ConnectionRates[] => [
  { token: A, red, blue, ...(state ? { state } : {}) },
];
const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe('detectFailovers', () => {
  it('finds a clean failover from red to blue with its gap, rates and survival', () => {
    const ticks = ticksOf([
      ...repeat(10, row(1_000_000, 10_000)),
      ...repeat(2, row(0, 0)),
      ...repeat(10, row(0, 800_000)),
    ]);
    expect(detectFailovers({ ticks })).toEqual([
      {
        token: A,
        at: T0 + 9000,
        from: {
          subflow: '198.51.100.1:40000 → 198.51.100.2:5201',
          interface: 'red-c',
          address: '198.51.100.1',
        },
        to: {
          subflow: '203.0.113.1:41000 → 203.0.113.2:5201',
          interface: 'blue-c',
          address: '203.0.113.1',
        },
        gapMs: 2000,
        rateBefore: 1_010_000,
        rateAfter: 800_000,
        gap: 'traffic stalled for 2.0 s (below 10 % of its 8.08 Mbit/s), then 6.4 Mbit/s on blue-c',
        survived: true,
        survival: 'still open at the end of the recording',
      },
    ]);
  });

  it('finds nothing on a steady connection', () => {
    const ticks = ticksOf(repeat(30, row(1_000_000, 200_000)));
    expect(detectFailovers({ ticks })).toEqual([]);
  });

  it('finds two failovers back and forth', () => {
    const ticks = ticksOf([
      ...repeat(8, row(1_000_000, 5_000)),
      row(0, 0),
      ...repeat(8, row(0, 600_000)),
      row(0, 0),
      row(0, 0),
      row(0, 0),
      ...repeat(8, row(900_000, 0)),
    ]);
    const found = detectFailovers({ ticks });
    expect(found.map((f) => [f.from.interface, f.to.interface, f.at, f.gapMs])).toEqual([
      ['red-c', 'blue-c', T0 + 7000, 1000],
      ['blue-c', 'red-c', T0 + 16_000, 3000],
    ]);
    expect(found[1]?.rateBefore).toBe(600_000);
    expect(found[1]?.rateAfter).toBe(900_000);
  });

  it('counts a takeover within the same tick as a failover with no gap', () => {
    const ticks = ticksOf([...repeat(6, row(1_000_000, 0)), ...repeat(6, row(0, 500_000))]);
    const [f, ...rest] = detectFailovers({ ticks });
    expect(rest).toEqual([]);
    expect(f?.gapMs).toBe(0);
    expect(f?.at).toBe(T0 + 5000);
    expect(f?.gap).toBe('no interruption: 8 → 4 Mbit/s on blue-c');
  });

  it('does not call a connection that dies with no takeover a failover', () => {
    const ticks = ticksOf([...repeat(10, row(1_000_000, 10_000)), ...repeat(3, row(0, 0)), []]);
    expect(detectFailovers({ ticks })).toEqual([]);
  });

  it('ignores a single-tick dip of the whole connection', () => {
    const ticks = ticksOf([
      ...repeat(10, row(1_000_000, 10_000)),
      row(0, 0),
      ...repeat(10, row(1_000_000, 10_000)),
    ]);
    expect(detectFailovers({ ticks })).toEqual([]);
  });

  it('ignores a single tick where the other subflow carried the traffic', () => {
    const ticks = ticksOf([
      ...repeat(10, row(1_000_000, 10_000)),
      row(0, 1_000_000),
      ...repeat(10, row(1_000_000, 10_000)),
    ]);
    expect(detectFailovers({ ticks })).toEqual([]);
  });

  it('ignores idle connections', () => {
    const ticks = ticksOf([...repeat(10, row(2_000, 0)), ...repeat(10, row(0, 2_000))]);
    expect(detectFailovers({ ticks })).toEqual([]);
  });

  it('says survival is unknown for a connection that vanished with no close information', () => {
    const ticks = ticksOf([...repeat(8, row(1_000_000, 0)), ...repeat(5, row(0, 700_000)), []]);
    const found = detectFailovers({ ticks });
    expect(found).toHaveLength(1);
    expect(found[0]?.survived).toBeNull();
    expect(found[0]?.survival).toMatch(/^unknown: it vanished .* said nothing/);
  });

  const failoverThenGone = (events: readonly PmEvent[]): TickUpdate[] =>
    ticksOf([...repeat(8, row(1_000_000, 0)), ...repeat(5, row(0, 700_000)), []], 1000, {
      13: events,
    });

  it('says a connection the kernel closed with no subflow error survived', () => {
    const [f] = detectFailovers({
      ticks: failoverThenGone([{ time: T0 + 12_500, type: 'closed', source: 'kernel', token: A }]),
    });
    expect(f?.survived).toBe(true);
    expect(f?.survival).toBe("closed in order (the kernel's closed event, with no subflow error)");
  });

  it('says a connection whose last subflow was reset did not survive, and why', () => {
    const [f] = detectFailovers({
      ticks: failoverThenGone([
        {
          time: T0 + 12_400,
          type: 'sub-closed',
          source: 'kernel',
          token: A,
          error: 104,
          reason: 'ECONNRESET: reset by the peer',
        },
        { time: T0 + 12_500, type: 'closed', source: 'kernel', token: A },
      ]),
    });
    expect(f?.survived).toBe(false);
    expect(f?.survival).toBe(
      'ended by a failure: a subflow closed with ECONNRESET: reset by the peer',
    );
  });

  it('does not count an inferred close as information on how it ended', () => {
    const [f] = detectFailovers({
      ticks: failoverThenGone([
        { time: T0 + 13_000, type: 'closed', source: 'inferred', token: A },
      ]),
    });
    expect(f?.survived).toBeNull();
  });

  it('says when the path left carries traffic again and how long it was out', () => {
    const ticks = ticksOf([
      ...repeat(8, row(1_000_000, 0)),
      ...repeat(4, row(0, 700_000)),
      ...repeat(4, row(600_000, 300_000)),
    ]);
    const [f, ...rest] = detectFailovers({ ticks });
    expect(rest).toEqual([]);
    expect(f?.at).toBe(T0 + 7000);
    expect(f?.recoveredAt).toBe(T0 + 12_000);
    expect(f?.outMs).toBe(5000);
    expect(f?.subflowMissingAt).toBeUndefined();
  });

  it('has no recovery while the path left stays silent', () => {
    const ticks = ticksOf([...repeat(8, row(1_000_000, 0)), ...repeat(10, row(0, 700_000))]);
    const [f] = detectFailovers({ ticks });
    expect(f).toBeDefined();
    expect(f?.recoveredAt).toBeUndefined();
    expect(f?.outMs).toBeUndefined();
  });

  it('flags a subflow not re-created on a path whose endpoint and interface are back', () => {
    const withRedEndpoint = (ticks: TickUpdate[]): TickUpdate[] =>
      ticks.map((t) => ({
        ...t,
        snapshot: {
          ...t.snapshot,
          endpoints: [
            ...t.snapshot.endpoints,
            { id: 2, address: '198.51.100.1', interface: 'red-c', flags: ['subflow'] },
          ],
        },
      }));
    const rows = [...repeat(8, row(1_000_000, 0)), ...repeat(14, row(null, 700_000))];
    const [f] = detectFailovers({ ticks: withRedEndpoint(ticksOf(rows)) });
    // Red gone from T0 + 8 s: missing once more than 10 s have passed, at T0 + 19 s.
    expect(f?.subflowMissingAt).toBe(T0 + 19_000);
    expect(f?.recoveredAt).toBeUndefined();
    // Without an endpoint for red's address the path manager has nothing to re-create.
    expect(detectFailovers({ ticks: ticksOf(rows) })[0]?.subflowMissingAt).toBeUndefined();
    // Nor while red's interface is down.
    const down = withRedEndpoint(ticksOf(rows)).map((t) => ({
      ...t,
      snapshot: {
        ...t.snapshot,
        interfaces: t.snapshot.interfaces.map((i) =>
          i.name === 'red-c' ? { ...i, up: false } : i,
        ),
      },
    }));
    expect(detectFailovers({ ticks: down })[0]?.subflowMissingAt).toBeUndefined();
  });

  it('says a connection last seen closing in order survived', () => {
    const ticks = ticksOf([
      ...repeat(8, row(1_000_000, 0)),
      ...repeat(5, row(0, 700_000)),
      row(0, 0, 'fin-wait-1'),
      [],
    ]);
    expect(detectFailovers({ ticks }).map((f) => f.survived)).toEqual([true]);
  });

  it('treats a carrier subflow that disappears as collapsed', () => {
    const ticks = ticksOf([...repeat(8, row(1_000_000, 0)), ...repeat(6, row(null, 700_000))]);
    const found = detectFailovers({ ticks });
    expect(found.map((f) => [f.from.interface, f.to.interface, f.gapMs])).toEqual([
      ['red-c', 'blue-c', 0],
    ]);
  });

  it('keeps connections apart', () => {
    const rows: ConnectionRates[][] = [];
    for (let i = 0; i < 20; i++) {
      rows.push([
        { token: 'aaaaaaaa', red: 1_000_000, blue: 0 },
        { token: 'bbbbbbbb', red: i < 10 ? 1_000_000 : 0, blue: i < 10 ? 0 : 900_000 },
      ]);
    }
    expect(detectFailovers({ ticks: ticksOf(rows) }).map((f) => f.token)).toEqual(['bbbbbbbb']);
  });
});
