import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TickUpdate } from '../../../electron/contract.js';
import { firstTickWithData, indexAt, Replay } from '../../../electron/session/replay-cursor.js';
import { header, T0, ticksOf } from './snapshots.js';

const ticks = ticksOf(
  Array.from({ length: 6 }, (_, i) => [{ token: 'a1b2c3d4', red: 1000 * i, blue: 10 }]),
  1000,
  {
    1: [{ time: T0 + 900, type: 'created', source: 'kernel', token: 'a1b2c3d4' }],
    4: [{ time: T0 + 3500, type: 'sub-established', source: 'kernel', token: 'a1b2c3d4' }],
  },
);
const contents = { header: header(), ticks, torn: false };

describe('Replay', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits the recorded tick it seeks to, exactly', () => {
    const seen: TickUpdate[] = [];
    const r = new Replay(contents, { tick: (u) => seen.push(u) });
    r.seek(T0 + 3400);
    r.seek(T0 - 5);
    r.seek(T0 + 99_000);
    expect(seen).toEqual([ticks[3], ticks[0], ticks[5]]);
    expect(r.position).toBe(T0 + 5000);
  });

  it('plays the recorded ticks in order at the chosen speed, then stops', () => {
    const seen: TickUpdate[] = [];
    let ended = 0;
    const r = new Replay(contents, { tick: (u) => seen.push(u), ended: () => ended++ });
    r.seek(T0 + 1000);
    r.play(true, 2);
    vi.advanceTimersByTime(499);
    expect(seen).toEqual([ticks[1]]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([ticks[1], ticks[2]]);
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(ticks.slice(1));
    expect(r.playing).toBe(false);
    expect(ended).toBe(1);
  });

  it('pauses and starts over when played from the end', () => {
    const seen: TickUpdate[] = [];
    const r = new Replay(contents, { tick: (u) => seen.push(u) });
    r.play(true);
    vi.advanceTimersByTime(1000);
    r.play(false);
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([ticks[1]]);
    r.seek(T0 + 5000);
    r.play(true);
    expect(seen.at(-1)).toBe(ticks[0]);
    r.stop();
  });

  it('answers events and history as of the cursor', () => {
    const r = new Replay(contents, { tick: () => undefined });
    r.seek(T0 + 3000);
    expect(r.events().map((e) => e.type)).toEqual(['created']);
    r.seek(T0 + 5000);
    expect(r.events(T0 + 1000).map((e) => e.type)).toEqual(['sub-established']);
    const h = r.history(3, 'a1b2c3d4');
    expect(h.interfaces['red-c']?.time).toEqual([T0 + 2000, T0 + 3000, T0 + 4000, T0 + 5000]);
    expect(h.connections['a1b2c3d4']?.tx).toEqual([2010, 3010, 4010, 5010]);
    expect(Object.keys(h.subflows)).toEqual([
      'a1b2c3d4/198.51.100.1:40000 198.51.100.2:5201',
      'a1b2c3d4/203.0.113.1:41000 203.0.113.2:5201',
    ]);
    expect(r.history(3).connections).toEqual({});
  });

  it('finds the tick at a time', () => {
    expect(indexAt(ticks, T0 + 2999)).toBe(2);
    expect(indexAt(ticks, T0 + 3000)).toBe(3);
  });
});

describe('firstTickWithData', () => {
  /** Ticks of `rows` with every interface idle, as the monitor's first sample is. */
  const idle = (rows: Parameters<typeof ticksOf>[0]): TickUpdate[] =>
    ticksOf(rows).map((t) => ({
      ...t,
      snapshot: {
        ...t.snapshot,
        interfaces: t.snapshot.interfaces.map((f) => ({ ...f, rxRate: 0, txRate: 0 })),
      },
    }));

  it('skips the idle ticks a recording starts with', () => {
    const rows = [[], [], [{ token: 'a1b2c3d4', red: 0, blue: 0 }], []];
    expect(firstTickWithData(idle(rows))).toBe(2);
  });

  it('counts an interface moving bytes as data, even without a connection', () => {
    const ticks = idle([[], [], []]);
    const busy = ticks[1]!;
    ticks[1] = {
      ...busy,
      snapshot: {
        ...busy.snapshot,
        interfaces: busy.snapshot.interfaces.map((f, i) => (i === 1 ? { ...f, rxRate: 5 } : f)),
      },
    };
    expect(firstTickWithData(ticks)).toBe(1);
  });

  it('is the first tick when none has data', () => {
    expect(firstTickWithData(idle([[], []]))).toBe(0);
  });
});
