// buildSnapshot and inferEvents on RawSamples captured from Linux 6.18 in the sfg- lab (see
// test/fixtures/capture/monitor.ts): an MPTCP iperf3 upload over red-c (tbf 40 Mbit/s) and
// blue-c (tbf 20 Mbit/s), the blue endpoint then switched to backup, then the end.
import { describe, expect, it } from 'vitest';
import type { Connection, Snapshot } from '../../../electron/contract.js';
import { inferEvents } from '../../../electron/monitor/infer-events.js';
import { buildSnapshot } from '../../../electron/monitor/snapshot.js';
import type { MonitorState } from '../../../electron/monitor/snapshot.js';
import { MONITOR_FIXTURES, loadSample } from '../../fixtures/monitor/load.js';
import type { MonitorFixture } from '../../fixtures/monitor/load.js';

const CONTEXT = { netns: 'sfg-cli', hostname: 'lab', intervalMs: 1000 };
const RED_BYTES_PER_S = 40e6 / 8;
const BLUE_BYTES_PER_S = 20e6 / 8;

/** Snapshots of the fixtures in capture order, each built on the state of the one before. */
function chain(): Record<MonitorFixture, { snapshot: Snapshot; state: MonitorState }> {
  const out: Partial<Record<MonitorFixture, { snapshot: Snapshot; state: MonitorState }>> = {};
  let state: MonitorState | null = null;
  for (const name of MONITOR_FIXTURES) {
    const r = buildSnapshot(state, loadSample(name), CONTEXT);
    out[name] = r;
    state = r.state;
  }
  return out as Record<MonitorFixture, { snapshot: Snapshot; state: MonitorState }>;
}

const built = chain();
const snap = (name: MonitorFixture): Snapshot => built[name].snapshot;
/** iperf3 opens a control connection too: the data one is the one that moved bytes. */
const dataConnection = (s: Snapshot): Connection =>
  [...s.connections].sort((a, b) => b.bytesAcked - a.bytesAcked)[0]!;
const within = (value: number, expected: number, fraction: number): void => {
  expect(Math.abs(value - expected) / expected).toBeLessThanOrEqual(fraction);
};
const sum = (c: Connection, f: 'txRate' | 'rxRate'): number =>
  c.subflows.reduce((a, s) => a + s[f], 0);

describe('connections of the captured transfer', () => {
  it('joins 2 MPTCP connections (data + iperf3 control), each with subflows on red-c and blue-c', () => {
    for (const name of ['transfer-1', 'transfer-2', 'transfer-3', 'backup'] as const) {
      const s = snap(name);
      expect(s.connections).toHaveLength(2);
      for (const c of s.connections) {
        expect(c.token).toMatch(/^[0-9a-f]{8}$/);
        expect(c.state).toBe('established');
        expect(c.local.address).toBe('198.51.100.1');
        expect(c.remote).toEqual({ address: '198.51.100.2', port: 5201 });
        expect(c.subflows.map((f) => f.interface)).toEqual(['red-c', 'blue-c']);
        const [initial, join] = c.subflows;
        expect(initial).toMatchObject({
          local: c.local,
          remote: c.remote,
          localId: 0,
          remoteId: 0,
        });
        expect(join).toMatchObject({ local: { address: '203.0.113.1' }, localId: 1, remoteId: 0 });
        expect(join?.remote).toEqual({ address: '198.51.100.2', port: 5201 });
        for (const f of c.subflows) {
          expect(f.state).toBe('established');
          expect(f.rttMs).toBeGreaterThan(0);
          expect(f.cwnd).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the token is mptcp_info’s, as 8 hex digits, and the data connection moved megabytes', () => {
    const sample = loadSample('transfer-2');
    const tokens = sample.mptcpSockets.map((m) => m.info!.token!.toString(16).padStart(8, '0'));
    expect(
      snap('transfer-2')
        .connections.map((c) => c.token)
        .sort(),
    ).toEqual(tokens.sort());
    const data = dataConnection(snap('transfer-2'));
    const control = snap('transfer-2').connections.find((c) => c !== data)!;
    expect(data.bytesAcked).toBeGreaterThan(10e6);
    expect(data.bytesSent).toBeGreaterThanOrEqual(data.bytesAcked);
    expect(control.bytesAcked).toBeLessThan(10_000);
    expect(control.txRate).toBe(0);
  });

  it('on this kernel a subflow’s inet_diag inode is its MPTCP socket’s, so the inode join agrees', () => {
    const sample = loadSample('transfer-2');
    const inodeOf = new Map(sample.mptcpSockets.map((m) => [m.info!.token!, m.inode]));
    for (const sf of sample.subflows) {
      expect(sf.inode).not.toBe(0);
      expect(sf.inode).toBe(inodeOf.get(sf.mptcp!.tokenLocal!));
    }
    // Strip every token: the join falls back to inodes and finds the same connections.
    const noTokens = {
      ...sample,
      mptcpSockets: sample.mptcpSockets.map((m) => ({ ...m, info: { ...m.info!, token: 0 } })),
      subflows: sample.subflows.map((s) => ({
        ...s,
        mptcp: { ...s.mptcp!, tokenLocal: undefined },
      })),
    };
    const byPort = (list: readonly Connection[]) =>
      [...list].sort((x, y) => x.local.port - y.local.port);
    const a = byPort(buildSnapshot(null, sample, CONTEXT).snapshot.connections);
    const b = byPort(buildSnapshot(null, noTokens, CONTEXT).snapshot.connections);
    expect(b.map((c) => c.token)).toEqual(['00000000', '00000000']);
    expect(b.map((c) => c.subflows.map((f) => f.local))).toEqual(
      a.map((c) => c.subflows.map((f) => f.local)),
    );
  });

  it('keeps firstSeen from the first sample that showed the connection', () => {
    const first = snap('transfer-1').time;
    for (const name of ['transfer-2', 'transfer-3', 'backup'] as const) {
      expect(snap(name).connections.map((c) => c.firstSeen)).toEqual([first, first]);
    }
  });
});

describe('rates against the tbf shaping', () => {
  it('a first sight has rate 0', () => {
    for (const c of snap('transfer-1').connections) {
      expect([c.txRate, c.rxRate, ...c.subflows.map((f) => f.txRate)]).toEqual([0, 0, 0, 0]);
    }
    expect(snap('idle').interfaces.map((i) => i.txRate)).toEqual([0, 0]);
  });

  it('interfaces: red-c ≈ 5 MB/s and blue-c ≈ 2.5 MB/s out (±15 %)', () => {
    // (idle → transfer-1 spans iperf3's start, so it is lower: not a steady-state figure.)
    for (const name of ['transfer-2', 'transfer-3'] as const) {
      const ifs = new Map(snap(name).interfaces.map((i) => [i.name, i]));
      within(ifs.get('red-c')!.txRate, RED_BYTES_PER_S, 0.15);
      within(ifs.get('blue-c')!.txRate, BLUE_BYTES_PER_S, 0.15);
      expect(ifs.get('red-c')!.rxRate).toBeLessThan(200e3);
    }
  });

  it('subflows of the data connection: ≈ 5 and 2.5 MB/s acknowledged (±15 %)', () => {
    for (const name of ['transfer-2', 'transfer-3'] as const) {
      const [red, blue] = dataConnection(snap(name)).subflows;
      within(red!.txRate, RED_BYTES_PER_S, 0.15);
      within(blue!.txRate, BLUE_BYTES_PER_S, 0.15);
      expect(red!.rxRate).toBe(0);
    }
  });

  it('connection rate (data-level bytes_acked) ≈ the sum of its subflows: ±5 % over 2 s, ±10 % per tick', () => {
    const t1 = built['transfer-1'].state;
    const span = dataConnection(buildSnapshot(t1, loadSample('transfer-3'), CONTEXT).snapshot);
    within(span.txRate, sum(span, 'txRate'), 0.05);
    within(span.txRate, RED_BYTES_PER_S + BLUE_BYTES_PER_S, 0.15);
    // Per tick the data-level ACK lags or catches up with the subflows' (reordering between a
    // 10 ms and a 70 ms path under tbf): a few percent either way.
    for (const name of ['transfer-2', 'transfer-3', 'backup'] as const) {
      const c = dataConnection(snap(name));
      within(c.txRate, sum(c, 'txRate'), 0.1);
    }
  });

  it('after the switch to backup, blue-c carries less and red-c stays at its cap', () => {
    const [red, blue] = dataConnection(snap('backup')).subflows;
    within(red!.txRate, RED_BYTES_PER_S, 0.15);
    expect(blue!.txRate).toBeLessThan(dataConnection(snap('transfer-3')).subflows[1]!.txRate);
  });
});

describe('interfaces, endpoints and the rest of the snapshot', () => {
  it('lo is hidden (no subflow on it); red-c is off (no endpoint), blue-c on then backup', () => {
    const modes = (name: MonitorFixture) =>
      snap(name).interfaces.map((i) => [i.name, i.multipath, i.up]);
    expect(modes('transfer-2')).toEqual([
      ['red-c', 'off', true],
      ['blue-c', 'on', true],
    ]);
    expect(modes('backup')).toEqual([
      ['red-c', 'off', true],
      ['blue-c', 'backup', true],
    ]);
    const red = snap('transfer-2').interfaces[0]!;
    expect(red.addresses[0]).toBe('198.51.100.1');
    expect(red.multipathDisabledReason).toBeUndefined();
  });

  it('endpoints carry their interface name and flags', () => {
    expect(snap('transfer-2').endpoints).toEqual([
      { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] },
    ]);
    expect(snap('backup').endpoints).toEqual([
      { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow', 'backup'] },
    ]);
  });

  it('the backup flag is seen on the blue subflows (backup-local), not on red', () => {
    for (const c of snap('transfer-3').connections) {
      expect(c.subflows.map((f) => f.backup)).toEqual([false, false]);
    }
    for (const c of snap('backup').connections) {
      expect(c.subflows.map((f) => f.backup)).toEqual([false, true]);
    }
  });

  it('copies kernel, limits, privilege and time from the sample, the rest from the context', () => {
    const sample = loadSample('transfer-2');
    const s = snap('transfer-2');
    expect(s).toMatchObject({
      time: sample.time,
      netns: 'sfg-cli',
      hostname: 'lab',
      intervalMs: 1000,
      privileged: true,
      limits: { subflows: 2, addAddrAccepted: 2 },
      kernel: { mptcp: 'upstream', enabled: true, pathManager: 'kernel', scheduler: 'default' },
    });
    expect(s.kernel.release).toBe(sample.kernel.release);
  });

  it('the state holds only what is alive: nothing of the connections after the end', () => {
    expect(built['transfer-3'].state.subflows.size).toBe(4);
    expect(built['transfer-3'].state.connections.size).toBe(2);
    const after = built.after.state;
    expect(after.subflows.size).toBe(0);
    expect(after.connections.size).toBe(0);
    expect(after.interfaces.size).toBe(3);
    expect(snap('after').connections).toEqual([]);
  });
});

describe('events inferred between the captured samples', () => {
  const events = (a: MonitorFixture, b: MonitorFixture) => inferEvents(snap(a), snap(b));

  it('idle → transfer: created + established per connection, sub-established for the joins', () => {
    const ev = events('idle', 'transfer-1');
    expect(ev.map((e) => e.type)).toEqual([
      'created',
      'established',
      'sub-established',
      'created',
      'established',
      'sub-established',
    ]);
    for (const e of ev) {
      expect(e.source).toBe('inferred');
      expect(e.time).toBe(snap('transfer-1').time);
    }
    const joins = ev.filter((e) => e.type === 'sub-established');
    for (const e of joins) {
      expect(e).toMatchObject({
        local: { address: '203.0.113.1' },
        remote: { address: '198.51.100.2', port: 5201 },
        localId: 1,
        remoteId: 0,
        backup: false,
        interface: 'blue-c',
      });
    }
    expect(new Set(ev.map((e) => e.token))).toEqual(
      new Set(snap('transfer-1').connections.map((c) => c.token)),
    );
  });

  it('nothing while the transfer runs unchanged', () => {
    expect(events('transfer-1', 'transfer-2')).toEqual([]);
    expect(events('transfer-2', 'transfer-3')).toEqual([]);
  });

  it('transfer → backup: sub-priority with backup true on each blue subflow', () => {
    const ev = events('transfer-3', 'backup');
    expect(ev.map((e) => [e.type, e.interface, e.backup, e.localId])).toEqual([
      ['sub-priority', 'blue-c', true, 1],
      ['sub-priority', 'blue-c', true, 1],
    ]);
  });

  it('backup → after: closed for both connections', () => {
    const ev = events('backup', 'after');
    expect(ev.map((e) => e.type)).toEqual(['closed', 'closed']);
    expect(ev.map((e) => e.token)).toEqual(snap('backup').connections.map((c) => c.token));
  });

  it('a first snapshot infers nothing', () => {
    expect(inferEvents(null, snap('transfer-1'))).toEqual([]);
  });
});
