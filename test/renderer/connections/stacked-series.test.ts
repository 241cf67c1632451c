import { describe, expect, it } from 'vitest';
import type { RateSeries } from '../../../electron/contract.js';
import { interfaceColorOf } from '../../../renderer/src/charts/interface-colors.js';
import {
  closedSubflowInfo,
  connectionSeriesKeys,
  describeBands,
  prepareStackedRows,
} from '../../../renderer/src/views/connections/stacked-series.js';
import { BLUE, event, RED, T0 } from './fixtures.js';

const TOKEN = 'a1b2c3d4';
const RED_KEY = `${TOKEN}/198.51.100.1:40000 198.51.100.2:5201`;
const BLUE_KEY = `${TOKEN}/203.0.113.1:40001 198.51.100.2:5201`;
const MBIT = 125_000; // bytes/s

/** 60 one-second ticks: red carries 40 Mbit/s for 30 s, then blue carries 20 Mbit/s. */
function failover(): { red: RateSeries; blue: RateSeries } {
  const time = Array.from({ length: 60 }, (_, i) => T0 + i * 1000);
  const red = time.map((_, i) => (i < 30 ? 40 * MBIT : 0));
  const blue = time.map((_, i) => (i < 30 ? 0 : 20 * MBIT));
  return {
    red: { time, tx: red, rx: red.map(() => 0) },
    blue: { time, tx: blue, rx: blue.map((v) => (v > 0 ? 1_000 : 0)) },
  };
}

describe('prepareStackedRows', () => {
  it('shows the failover: red carries first, then blue', () => {
    const { red, blue } = failover();
    const rows = prepareStackedRows([red, blue], 1000);
    expect(rows).toHaveLength(60);
    expect(rows[0]).toEqual({ time: T0, s0: 40 * MBIT, s1: 0 });
    expect(rows[29]).toEqual({ time: T0 + 29_000, s0: 40 * MBIT, s1: 0 });
    expect(rows[30]).toEqual({ time: T0 + 30_000, s0: 0, s1: 20 * MBIT + 1_000 });
    expect(rows[59]).toEqual({ time: T0 + 59_000, s0: 0, s1: 20 * MBIT + 1_000 });
  });

  it('keeps the switch visible when downsampled to few pixels', () => {
    const { red, blue } = failover();
    const rows = prepareStackedRows([red, blue], 12);
    expect(rows.length).toBeLessThanOrEqual(12);
    const times = rows.map((r) => r.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Before the switch only red, after only blue, and both sides are still drawn.
    const before = rows.filter((r) => r.time < T0 + 30_000);
    const after = rows.filter((r) => r.time >= T0 + 30_000);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every((r) => r.s0 === 40 * MBIT && r.s1 === 0)).toBe(true);
    expect(after.every((r) => r.s0 === 0 && r.s1 === 20 * MBIT + 1_000)).toBe(true);
  });

  it('counts 0 where a subflow had no sample (opened later, closed earlier)', () => {
    const red: RateSeries = { time: [T0, T0 + 1000], tx: [100, 200], rx: [0, 0] };
    const blue: RateSeries = { time: [T0 + 1000, T0 + 2000], tx: [5, 6], rx: [1, 1] };
    expect(prepareStackedRows([red, blue], 100)).toEqual([
      { time: T0, s0: 100, s1: 0 },
      { time: T0 + 1000, s0: 200, s1: 6 },
      { time: T0 + 2000, s0: 0, s1: 7 },
    ]);
  });

  it('drops rows older than the window', () => {
    const { red, blue } = failover();
    const rows = prepareStackedRows([red, blue], 1000, T0 + 50_000);
    expect(rows).toHaveLength(10);
    expect(rows[0]?.time).toBe(T0 + 50_000);
  });
});

describe('bands', () => {
  const series: Record<string, RateSeries> = {
    [BLUE_KEY]: { time: [T0 + 5_000], tx: [1], rx: [1] },
    [RED_KEY]: { time: [T0], tx: [1], rx: [1] },
    [`ffffffff/198.51.100.1:1 198.51.100.2:2`]: { time: [T0], tx: [1], rx: [1] },
  };

  it('lists the connection’s subflows oldest first', () => {
    expect(connectionSeriesKeys(TOKEN, series)).toEqual([RED_KEY, BLUE_KEY]);
  });

  it('names live bands from the snapshot and closed ones from the events', () => {
    const live = new Map([[BLUE_KEY, BLUE]]);
    const events = [
      event({ token: TOKEN, type: 'sub-closed', local: RED.local, remote: RED.remote }),
      event({
        token: TOKEN,
        type: 'sub-established',
        local: RED.local,
        remote: RED.remote,
        interface: 'red-c',
        localId: 0,
        remoteId: 0,
        backup: false,
      }),
    ];
    const colorOf = interfaceColorOf(['red-c', 'blue-c']);
    const bands = describeBands([RED_KEY, BLUE_KEY], live, events, colorOf);
    expect(bands.map((b) => [b.dataKey, b.interface, b.closed])).toEqual([
      ['s0', 'red-c', true],
      ['s1', 'blue-c', false],
    ]);
    expect(bands[0]?.addresses).toBe('198.51.100.1:40000 → 198.51.100.2:5201');
    // Each band takes its interface's colour: a closed red-c band is still red-c's colour.
    expect(bands[0]?.color).toBe(colorOf('red-c'));
    expect(bands[1]?.color).toBe(colorOf('blue-c'));
    expect(bands[0]?.color).not.toBe(bands[1]?.color);
    expect(closedSubflowInfo(RED_KEY, events)).toEqual({
      interface: 'red-c',
      localId: 0,
      remoteId: 0,
      backup: false,
    });
  });

  it('still describes a closed subflow no event names', () => {
    const [band] = describeBands([RED_KEY], new Map(), [], interfaceColorOf(['red-c']));
    expect(band).toMatchObject({ interface: null, closed: true });
    expect(band?.color).toBe(interfaceColorOf([])(null));
    expect(band?.addresses).toBe('198.51.100.1:40000 → 198.51.100.2:5201');
  });
});
