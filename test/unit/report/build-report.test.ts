// buildReport on constructed journals: exact Curr/Avg/Min/Max/Total, the baseline tick, counter
// resets, gaps, subflow lifetimes and backup use, and the summary.
import { describe, expect, it } from 'vitest';
import { buildReport, isBaselineTick } from '../../../electron/report/build-report.js';
import type { Failover } from '../../../electron/session/journal/journal-types.js';
import { connection, iface, journal, snapshot, subflow, T0, tick } from './journal-builder.js';

const at = (s: number): number => T0 + s * 1000;

describe('buildReport: interface statistics', () => {
  it('gives exact Curr, Avg, Min, Max and Total per direction', () => {
    const rx = [100, 300, 200, 500, 400];
    const rxCounter = [1000, 1100, 1400, 1600, 2100];
    const tx = [50, 50, 50, 50, 150];
    const txCounter = [10, 60, 110, 160, 210];
    const ticks = rx.map((r, i) =>
      tick(
        snapshot(at(i + 1), [
          iface('eth0', { rx: rxCounter[i]!, tx: txCounter[i]! }, { rx: r, tx: tx[i]! }),
        ]),
      ),
    );
    const model = buildReport(journal(ticks), []);
    const eth0 = model.interfaces[0]!;
    expect(eth0.rx).toEqual({ current: 400, average: 300, min: 100, max: 500, total: 1100 });
    expect(eth0.tx).toEqual({ current: 150, average: 70, min: 50, max: 150, total: 200 });
    expect(eth0.series.time).toEqual([at(1), at(2), at(3), at(4), at(5)]);
    expect(eth0.series.rx).toEqual(rx);
    expect(model.notes).toEqual([]);
  });

  it('uses a first tick without any rate as the baseline of the totals only', () => {
    const ticks = [
      tick(snapshot(at(0), [iface('eth0', { rx: 0, tx: 0 }, { rx: 0, tx: 0 })])),
      tick(snapshot(at(1), [iface('eth0', { rx: 1000, tx: 10 }, { rx: 1000, tx: 10 })])),
      tick(snapshot(at(2), [iface('eth0', { rx: 4000, tx: 20 }, { rx: 3000, tx: 10 })])),
    ];
    expect(isBaselineTick(ticks[0]!)).toBe(true);
    const model = buildReport(journal(ticks), []);
    const eth0 = model.interfaces[0]!;
    expect(eth0.rx).toEqual({ current: 3000, average: 2000, min: 1000, max: 3000, total: 4000 });
    expect(eth0.series.time).toEqual([at(1), at(2)]);
    expect(model.notes.join(' ')).toContain('baseline');
  });

  it('keeps a first tick that has rates (the monitor ran before recording)', () => {
    const ticks = [
      tick(snapshot(at(0), [iface('eth0', { rx: 0, tx: 0 }, { rx: 10, tx: 0 })])),
      tick(snapshot(at(1), [iface('eth0', { rx: 30, tx: 0 }, { rx: 30, tx: 0 })])),
    ];
    const eth0 = buildReport(journal(ticks), []).interfaces[0]!;
    expect(eth0.rx.min).toBe(10);
    expect(eth0.series.time).toHaveLength(2);
  });

  it('adds nothing for a counter that went down, and says so', () => {
    const counters = [5000, 6000, 100, 600];
    const ticks = counters.map((c, i) =>
      tick(snapshot(at(i), [iface('eth1', { rx: c, tx: 0 }, { rx: 1, tx: 0 })])),
    );
    const model = buildReport(journal(ticks), []);
    expect(model.interfaces[0]!.rx.total).toBe(1500);
    expect(model.notes.some((n) => n.includes('eth1') && n.includes('went down 1 time'))).toBe(
      true,
    );
  });

  it('leaves gaps where an interface was absent and takes statistics over present ticks', () => {
    const a = (i: number, rate: number) => iface('a', { rx: i * 10, tx: 0 }, { rx: rate, tx: 0 });
    const b = (i: number, rate: number) => iface('b', { rx: i * 10, tx: 0 }, { rx: rate, tx: 0 });
    const ticks = [
      tick(snapshot(at(0), [a(0, 5), b(0, 7)])),
      tick(snapshot(at(1), [a(1, 5)])),
      tick(snapshot(at(2), [a(2, 5), b(2, 9)])),
    ];
    const model = buildReport(journal(ticks), []);
    const bReport = model.interfaces.find((i) => i.name === 'b')!;
    expect(bReport.series.rx).toEqual([7, null, 9]);
    expect(bReport.rx.average).toBe(8);
    expect(bReport.rx.total).toBe(20);
    expect(bReport.firstSeen).toBe(at(0));
    expect(bReport.lastSeen).toBe(at(2));
  });
});

describe('buildReport: connections and subflows', () => {
  it('gives lifetimes, bytes at last sight, aligned rates and backup use', () => {
    const red = (bytes: number, rate: number) =>
      subflow(40000, { bytesAcked: bytes, txRate: rate });
    const blue = (bytes: number, rate: number) =>
      subflow(40001, {
        interface: 'blue-c',
        local: { address: '203.0.113.1', port: 40001 },
        remote: { address: '203.0.113.2', port: 5201 },
        localId: 1,
        backup: true,
        bytesAcked: bytes,
        txRate: rate,
      });
    const conn = (subflows: ReturnType<typeof subflow>[], sent: number) =>
      connection('0a0b0c0d', subflows, { bytesSent: sent });
    const eth = iface('red-c', { rx: 0, tx: 0 }, { rx: 1, tx: 1 });
    const ticks = [
      tick(snapshot(at(0), [eth], [conn([red(1000, 1000)], 1000)])),
      tick(snapshot(at(1), [eth], [conn([red(2000, 1000), blue(0, 0)], 2000)])),
      tick(snapshot(at(2), [eth], [conn([red(3000, 1000), blue(0, 0)], 3000)])),
      tick(snapshot(at(3), [eth], [conn([blue(500, 500)], 3500)])),
      tick(snapshot(at(4), [eth], [conn([blue(1500, 1000)], 4500)])),
    ];
    const model = buildReport(journal(ticks), []);
    expect(model.connections).toHaveLength(1);
    const c = model.connections[0]!;
    expect(c).toMatchObject({
      token: '0a0b0c0d',
      firstSeen: T0,
      lastSeen: at(4),
      openAtEnd: true,
      bytesSent: 4500,
      peakRate: 1000,
    });
    expect(c.time).toEqual([at(0), at(1), at(2), at(3), at(4)]);
    const [r, b] = c.subflows;
    expect(r).toMatchObject({
      name: '198.51.100.1:40000 → 198.51.100.2:5201',
      interface: 'red-c',
      firstSeen: at(0),
      lastSeen: at(2),
      openAtEnd: false,
      bytesSent: 3000,
      backup: { ever: false, ms: 0, bytes: 0, carried: false },
    });
    expect(r!.rate).toEqual([1000, 1000, 1000, null, null]);
    expect(b).toMatchObject({
      interface: 'blue-c',
      firstSeen: at(1),
      lastSeen: at(4),
      openAtEnd: true,
      bytesSent: 1500,
      backup: { ever: true, ms: 4000, bytes: 1500, carried: true },
    });
    expect(b!.rate).toEqual([null, 0, 0, 500, 1000]);
    expect(model.summary).toMatchObject({ connections: 1, subflows: 2 });
  });

  it('marks a connection gone before the end as not open', () => {
    const ticks = [
      tick(snapshot(at(0), [], [connection('00000001', [subflow(1, { txRate: 1 })])])),
      tick(snapshot(at(1), [], [])),
    ];
    const c = buildReport(journal(ticks), []).connections[0]!;
    expect(c.openAtEnd).toBe(false);
    expect(c.lastSeen).toBe(at(0));
    expect(c.subflows[0]!.openAtEnd).toBe(false);
  });
});

describe('buildReport: summary, timeline, failovers', () => {
  const failover: Failover = {
    token: '0a0b0c0d',
    at: at(1),
    from: { subflow: 'a', interface: 'red-c', address: '198.51.100.1' },
    to: { subflow: 'b', interface: 'blue-c', address: '203.0.113.1' },
    gapMs: 2000,
    rateBefore: 5e6,
    rateAfter: 2.5e6,
    gap: 'traffic stalled for 2.0 s (below 10 % of its 40 Mbit/s), then 20 Mbit/s on blue-c',
    survived: true,
    survival: 'still open at the end of the recording',
  };

  it('takes the summary from the header and the ticks', () => {
    const ticks = [
      tick(snapshot(at(1), [iface('eth0', { rx: 0, tx: 0 }, { rx: 1, tx: 1 })]), [
        { time: at(1) - 10, type: 'created', source: 'kernel', token: '0a0b0c0d' },
      ]),
      tick(snapshot(at(61), [iface('eth0', { rx: 0, tx: 0 }, { rx: 1, tx: 1 })])),
    ];
    const model = buildReport(journal(ticks, {}, true), [failover]);
    expect(model.summary).toMatchObject({
      start: T0,
      end: at(61),
      durationMs: 61_000,
      ticks: 2,
      intervalMs: 1000,
      hostname: 'lab-host',
      netns: 'sf-cli',
      privileged: true,
      torn: true,
      events: 1,
      failovers: 1,
    });
    expect(model.summary.sysctls.map((s) => s.name)).toEqual([
      'net.mptcp.allow_join_initial_addr_port',
      'net.mptcp.enabled',
    ]);
    expect(model.failovers).toEqual([failover]);
    expect(model.notes.join(' ')).toContain('torn');
  });

  it('lists every event oldest first with a readable sentence', () => {
    const ticks = [
      tick(snapshot(at(1), []), [
        {
          time: at(1) - 5,
          type: 'sub-established',
          source: 'kernel',
          token: '0a0b0c0d',
          local: { address: '203.0.113.1', port: 40001 },
          remote: { address: '203.0.113.2', port: 5201 },
          localId: 1,
          remoteId: 0,
          backup: true,
          interface: 'blue-c',
        },
        { time: at(1) - 50, type: 'created', source: 'inferred', token: '0a0b0c0d' },
      ]),
      tick(snapshot(at(2), []), [
        { time: at(2), type: 'monitor', source: 'inferred', message: 'namespace gone' },
      ]),
    ];
    const timeline = buildReport(journal(ticks), []).timeline;
    expect(timeline.map((e) => e.type)).toEqual(['created', 'sub-established', 'monitor']);
    expect(timeline[1]!.text).toBe(
      'subflow established 203.0.113.1:40001 → 203.0.113.2:5201 on blue-c (ids 1/0) (backup)',
    );
    expect(timeline[2]!.text).toBe('monitor notice: namespace gone');
  });

  it('reports an empty journal without failing', () => {
    const model = buildReport(journal([]), []);
    expect(model.summary).toMatchObject({ ticks: 0, durationMs: 0, start: T0, end: T0 });
    expect(model.interfaces).toEqual([]);
    expect(model.notes.join(' ')).toContain('no tick');
  });
});
