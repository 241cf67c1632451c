import { describe, expect, it } from 'vitest';
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
        from: { subflow: '198.51.100.1:40000 → 198.51.100.2:5201', interface: 'red-c' },
        to: { subflow: '203.0.113.1:41000 → 203.0.113.2:5201', interface: 'blue-c' },
        gapMs: 2000,
        rateBefore: 1_010_000,
        rateAfter: 800_000,
        survived: true,
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

  it('says a connection that vanished while established did not survive', () => {
    const ticks = ticksOf([...repeat(8, row(1_000_000, 0)), ...repeat(5, row(0, 700_000)), []]);
    const found = detectFailovers({ ticks });
    expect(found).toHaveLength(1);
    expect(found[0]?.survived).toBe(false);
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
