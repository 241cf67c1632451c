// The bounded history: ring buffers, tick and 10-s resolutions, retention and caps, and a whole
// day of 1-s ticks with churning connections (the clock is skipped, not waited for).
import { describe, expect, it } from 'vitest';
import type { Connection, Snapshot } from '../../../electron/contract.js';
import { History } from '../../../electron/monitor/history.js';
import { RingBuffer, SeriesRing } from '../../../electron/monitor/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest `capacity` items, oldest first, and reports what it drops', () => {
    const r = new RingBuffer<string>(3);
    expect(r.push('a')).toBeUndefined();
    r.push('b');
    r.push('c');
    expect(r.push('d')).toBe('a');
    expect(r.toArray()).toEqual(['b', 'c', 'd']);
    expect([r.size, r.at(0), r.last(), r.at(3), r.at(-1)]).toEqual([
      3,
      'b',
      'd',
      undefined,
      undefined,
    ]);
    r.clear();
    expect(r.toArray()).toEqual([]);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('SeriesRing', () => {
  it('grows lazily up to its capacity, then wraps keeping the order', () => {
    const r = new SeriesRing(100);
    expect(r.allocatedBytes).toBe(16 * 16);
    for (let i = 0; i < 20; i++) r.push(i, i * 2, i * 3);
    expect(r.allocatedBytes).toBe(64 * 16);
    for (let i = 20; i < 250; i++) r.push(i, i * 2, i * 3);
    expect(r.allocatedBytes).toBe(100 * 16);
    expect(r.size).toBe(100);
    const out = { time: [] as number[], rx: [] as number[], tx: [] as number[] };
    r.copyInto(out, 240);
    expect(out).toEqual({
      time: [240, 241, 242, 243, 244, 245, 246, 247, 248, 249],
      rx: [480, 482, 484, 486, 488, 490, 492, 494, 496, 498],
      tx: [720, 723, 726, 729, 732, 735, 738, 741, 744, 747],
    });
    expect([r.timeAt(0), r.timeAt(99), r.timeAt(100)]).toEqual([150, 249, NaN]);
  });
});

function snapshot(time: number, connections: Connection[], rate = 100): Snapshot {
  return {
    time,
    netns: null,
    privileged: true,
    hostname: 'h',
    intervalMs: 1000,
    kernel: { release: 'x', mptcp: 'upstream', enabled: true },
    limits: { subflows: 2, addAddrAccepted: 2 },
    endpoints: [],
    interfaces: ['red-c', 'blue-c'].map((name, i) => ({
      name,
      ifindex: i + 3,
      up: true,
      addresses: [],
      rxBytes: 0,
      txBytes: 0,
      rxRate: rate,
      txRate: rate * 2,
      multipath: 'on' as const,
    })),
    connections,
  };
}

function connection(n: number, rate: number): Connection {
  const sub = (port: number) => ({
    local: { address: '198.51.100.1', port },
    remote: { address: '198.51.100.2', port: 5201 },
    interface: 'red-c',
    localId: 0,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: 1,
    cwnd: 10,
    bytesAcked: 0,
    bytesReceived: 0,
    txRate: rate / 2,
    rxRate: 0,
  });
  return {
    token: (0x1000_0000 + n).toString(16),
    local: { address: '198.51.100.1', port: 10000 + (n % 50000) },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: rate,
    rxRate: 0,
    firstSeen: 0,
    fallback: false,
    subflows: [sub(10000 + (n % 50000)), sub(60000 - (n % 50000))],
  };
}

describe('History', () => {
  it('derives its capacities from the interval', () => {
    expect([
      new History({ intervalMs: 1000 }).fineCapacity,
      new History({ intervalMs: 1000 }).coarseCapacity,
    ]).toEqual([600, 360]);
    expect(new History({ intervalMs: 250 }).fineCapacity).toBe(2400);
  });

  it('keeps tick points for the fine window and 10-s averages before it', () => {
    const h = new History({ intervalMs: 1000, fineWindowMs: 5000 });
    for (let t = 0; t < 25; t++) h.add('interface', 'red-c', t * 1000, t, 2 * t);
    // Without sinceMs: the last 5 ticks.
    expect(h.series('interface', 'red-c').time).toEqual([20000, 21000, 22000, 23000, 24000]);
    // Reaching back: bucket averages (0–9 s, 10–19 s) then the ticks.
    const all = h.series('interface', 'red-c', 0);
    expect(all.time).toEqual([0, 10000, 20000, 21000, 22000, 23000, 24000]);
    expect(all.rx).toEqual([4.5, 14.5, 20, 21, 22, 23, 24]);
    expect(all.tx).toEqual([9, 29, 40, 42, 44, 46, 48]);
    expect(h.series('interface', 'red-c', 15000).time).toEqual([
      10000, 20000, 21000, 22000, 23000, 24000,
    ]);
    expect(h.series('interface', 'nope')).toEqual({ time: [], rx: [], tx: [] });
  });

  it('gives a young series only its own ticks, never a bucket average from before it began', () => {
    // A connection first seen at 43 s: its 10-s bucket starts at 40 s, before it existed.
    const h = new History({ intervalMs: 1000 });
    for (let t = 43; t < 46; t++) h.add('subflow', 's', t * 1000, 5, 0);
    expect(h.series('subflow', 's', 0)).toEqual({
      time: [43000, 44000, 45000],
      rx: [5, 5, 5],
      tx: [0, 0, 0],
    });
  });

  it('shows the bucket being filled when it reaches back before the tick points', () => {
    const h = new History({ intervalMs: 1000, fineWindowMs: 2000 });
    for (let t = 0; t < 8; t++) h.add('subflow', 's', t * 1000, 10, 0);
    expect(h.series('subflow', 's', 0)).toEqual({
      time: [0, 6000, 7000],
      rx: [10, 10, 10],
      tx: [0, 0, 0],
    });
  });

  it('records every entity of a snapshot under the monitor’s keys', () => {
    const h = new History({ intervalMs: 1000 });
    h.record(snapshot(1000, [connection(1, 300)]));
    expect(h.keys('interface')).toEqual(['red-c', 'blue-c']);
    expect(h.keys('connection')).toEqual(['10000001']);
    expect(h.keys('subflow')).toEqual([
      '10000001/198.51.100.1:10001 198.51.100.2:5201',
      '10000001/198.51.100.1:59999 198.51.100.2:5201',
    ]);
    expect(h.series('connection', '10000001')).toEqual({ time: [1000], rx: [0], tx: [300] });
  });

  it('drops series idle for longer than the retention', () => {
    const h = new History({ intervalMs: 1000, retentionMs: 5000, bucketMs: 1000 });
    h.record(snapshot(0, [connection(1, 1)]));
    for (let t = 1; t <= 5; t++) h.record(snapshot(t * 1000, []));
    expect(h.keys('connection')).toEqual(['10000001']);
    h.record(snapshot(6000, []));
    expect(h.keys('connection')).toEqual([]);
    expect(h.stats().series).toEqual({ interface: 2, connection: 0, subflow: 0 });
  });

  it('at the cap a new series evicts the longest idle, or is refused while all are live', () => {
    const h = new History({ intervalMs: 1000, maxSeries: { connection: 2 } });
    h.add('connection', 'a', 0, 1, 1);
    h.add('connection', 'b', 1000, 1, 1);
    h.add('connection', 'a', 2000, 1, 1);
    h.add('connection', 'c', 2000, 1, 1);
    expect(h.keys('connection')).toEqual(['a', 'c']);
    h.add('connection', 'd', 2000, 1, 1);
    expect(h.keys('connection')).toEqual(['a', 'c']);
    expect(h.stats().refused).toBe(1);
  });

  it('24 h of 1-s ticks with churning connections: stored points and bytes stay bounded', () => {
    const h = new History({ intervalMs: 1000, maxSeries: { subflow: 1000 } });
    const DAY = 86_400;
    // Each connection lives 60 s and a new one starts every 6 s: 10 alive at a time, 14,400 a
    // day, 28,800 subflows. Within the hour of retention: ~600 connections, ~1,200 subflows
    // (over the cap of 1,000).
    const LIFETIME = 60;
    const EVERY = 6;
    const hourly: { points: number; bytes: number }[] = [];
    const made = new Map<number, Connection>();
    for (let t = 0; t < DAY; t++) {
      const live: Connection[] = [];
      for (let n = Math.max(0, Math.floor((t - LIFETIME) / EVERY) + 1); n <= t / EVERY; n++) {
        let c = made.get(n);
        if (!c) made.set(n, (c = connection(n, 1000 + n)));
        live.push(c);
      }
      made.delete(Math.floor((t - LIFETIME) / EVERY));
      h.record(snapshot(t * 1000, live, t % 100));
      if (t % 3600 === 3599) hourly.push(h.stats());
    }
    const stats = h.stats();
    expect(stats.series.interface).toBe(2);
    expect(stats.series.connection).toBeGreaterThan(590);
    expect(stats.series.connection).toBeLessThanOrEqual(600 + 10 + 2);
    expect(stats.series.subflow).toBeLessThanOrEqual(1000);
    expect(stats.refused).toBe(0);
    // A series holds at most 600 + 360 points; these short-lived ones hold 60 + 6 or 7.
    expect(stats.points).toBeLessThan(2 * (600 + 360) + (612 + 1000) * (60 + 7));
    // Flat from the second hour on: every hour ends holding what the second did (±5 %).
    expect(hourly).toHaveLength(24);
    const second = hourly[1]!;
    for (const hour of hourly.slice(1)) {
      expect(Math.abs(hour.points - second.points) / second.points).toBeLessThan(0.05);
      expect(Math.abs(hour.bytes - second.bytes) / second.bytes).toBeLessThan(0.05);
    }
    expect(stats.bytes).toBeLessThan(4e6);
    // The interfaces were there all day: a full tick window and a full hour of buckets.
    expect(h.series('interface', 'red-c').time).toHaveLength(600);
    const hour = h.series('interface', 'red-c', (DAY - 3600) * 1000);
    expect(hour.time.length).toBeGreaterThan(600 + 290);
    expect(hour.time.length).toBeLessThanOrEqual(600 + 300);
  }, 60_000);
});
