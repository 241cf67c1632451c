// The collector fed constructed TickUpdates: exact values in the exposition, counters that never
// go down across resets and recreated interfaces, bounded series with 1,000 connections.
import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../../electron/contract.js';
import { MetricsCollector } from '../../../electron/metrics/collector.js';
import type { TickExtras } from '../../../electron/metrics/collector.js';
import type { TickUpdate } from '../../../electron/contract.js';
import { find, parseExposition, valueOf } from './exposition-text.js';
import type { Exposition } from './exposition-text.js';
import { BASE, connection, extras, iface, subflow, tick } from './ticks.js';

async function feed(
  collector: MetricsCollector,
  ...ticks: (readonly [TickUpdate, TickExtras?])[]
): Promise<Exposition> {
  for (const [update, more] of ticks) collector.observeTick(update, more ?? extras());
  const { body, contentType } = await collector.exposition();
  expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(body);
}

const event = (type: string, source: PmEvent['source'] = 'kernel'): PmEvent =>
  ({ time: 1, type, source }) as PmEvent;

describe('MetricsCollector exposition', () => {
  it('mirrors the interface counters and states of a tick', async () => {
    const interfaces = [
      iface('red-c', 2, 1000, 5000),
      iface('blue-c', 3, 2000, 7000, { multipath: 'backup' }),
      iface('lo', 1, 10, 10, { up: false, multipath: 'off' }),
    ];
    const text = await feed(new MetricsCollector(), [tick({ interfaces })]);
    const rx = 'subflow_interface_receive_bytes_total';
    const tx = 'subflow_interface_transmit_bytes_total';
    expect(text.types.get(rx)).toBe('counter');
    expect(valueOf(text, rx, { interface: 'red-c' })).toBe(1000);
    expect(valueOf(text, tx, { interface: 'red-c' })).toBe(5000);
    expect(valueOf(text, tx, { interface: 'blue-c' })).toBe(7000);
    const mode = 'subflow_interface_multipath_mode';
    expect(valueOf(text, mode, { interface: 'blue-c', mode: 'backup' })).toBe(1);
    expect(valueOf(text, mode, { interface: 'blue-c', mode: 'on' })).toBe(0);
    expect(valueOf(text, mode, { interface: 'blue-c', mode: 'off' })).toBe(0);
    expect(valueOf(text, mode, { interface: 'lo', mode: 'off' })).toBe(1);
    expect(find(text, mode)).toHaveLength(9);
    expect(valueOf(text, 'subflow_interface_up', { interface: 'lo' })).toBe(0);
    expect(valueOf(text, 'subflow_interface_up', { interface: 'red-c' })).toBe(1);
  });

  it('counts connections by state and subflows by interface and backup', async () => {
    const connections = [
      connection(1, [subflow('red-c'), subflow('blue-c', true)]),
      connection(2, [subflow('red-c'), subflow('blue-c')]),
      connection(3, [subflow('red-c')], 'fin-wait-1'),
      connection(4, [subflow(null)], 'weird-state'),
    ];
    const text = await feed(new MetricsCollector(), [tick({ connections })]);
    const c = 'subflow_mptcp_connections';
    expect(text.types.get(c)).toBe('gauge');
    expect(valueOf(text, c, { state: 'established' })).toBe(2);
    expect(valueOf(text, c, { state: 'fin-wait-1' })).toBe(1);
    expect(valueOf(text, c, { state: 'other' })).toBe(1);
    const s = 'subflow_mptcp_subflows';
    expect(valueOf(text, s, { interface: 'red-c', backup: 'false' })).toBe(3);
    expect(valueOf(text, s, { interface: 'blue-c', backup: 'false' })).toBe(1);
    expect(valueOf(text, s, { interface: 'blue-c', backup: 'true' })).toBe(1);
    expect(valueOf(text, s, { interface: 'none', backup: 'false' })).toBe(1);
  });

  it('keeps a state and a subflow series at 0 once they are gone, while the interface is', async () => {
    const collector = new MetricsCollector();
    const busy = tick({ connections: [connection(1, [subflow('red-c'), subflow('blue-c')])] });
    const text = await feed(collector, [busy], [tick()]);
    expect(valueOf(text, 'subflow_mptcp_connections', { state: 'established' })).toBe(0);
    const s = 'subflow_mptcp_subflows';
    expect(valueOf(text, s, { interface: 'blue-c', backup: 'false' })).toBe(0);
    const gone = await feed(collector, [tick({ interfaces: [iface('red-c', 2, 1000, 5000)] })]);
    expect(find(gone, s, { interface: 'blue-c' })).toEqual([]);
    expect(find(gone, 'subflow_interface_up', { interface: 'blue-c' })).toEqual([]);
    // …but its byte counters stay, so a blue-c made again carries on from them.
    expect(valueOf(gone, 'subflow_interface_transmit_bytes_total', { interface: 'blue-c' })).toBe(
      7000,
    );
  });

  it('counts path-manager events by type and source, from 0', async () => {
    const collector = new MetricsCollector();
    const before = await feed(collector);
    const e = 'subflow_pm_events_total';
    expect(valueOf(before, e, { type: 'sub-established', source: 'kernel' })).toBe(0);
    const events = [
      event('created'),
      event('sub-established'),
      event('sub-established'),
      event('closed', 'inferred'),
      event('unknown-99'),
    ];
    const text = await feed(collector, [tick({}, events)], [tick({}, [event('created')])]);
    expect(valueOf(text, e, { type: 'created', source: 'kernel' })).toBe(2);
    expect(valueOf(text, e, { type: 'sub-established', source: 'kernel' })).toBe(2);
    expect(valueOf(text, e, { type: 'closed', source: 'inferred' })).toBe(1);
    expect(valueOf(text, e, { type: 'closed', source: 'kernel' })).toBe(0);
    expect(valueOf(text, e, { type: 'unknown', source: 'kernel' })).toBe(1);
    // 12 types × kernel/inferred + unknown × 2, then one series each for the types Subflow
    // makes: failover, recovered, subflow-missing, external-change (inferred), action (user).
    expect(find(text, e)).toHaveLength(31);
  });

  it("counts a person's actions as source user and external changes as inferred", async () => {
    const collector = new MetricsCollector();
    const e = 'subflow_pm_events_total';
    const before = await feed(collector);
    expect(valueOf(before, e, { type: 'action', source: 'user' })).toBe(0);
    expect(valueOf(before, e, { type: 'external-change', source: 'inferred' })).toBe(0);
    const action: PmEvent = { time: 1, type: 'action', source: 'user', message: 'x' };
    const external: PmEvent = { time: 1, type: 'external-change', source: 'inferred' };
    const text = await feed(collector, [tick({}, [action, action, external])]);
    expect(valueOf(text, e, { type: 'action', source: 'user' })).toBe(2);
    expect(valueOf(text, e, { type: 'external-change', source: 'inferred' })).toBe(1);
  });

  it('exports MPTcpExt counts as one counter by name, and MPCurr* as gauges', async () => {
    const collector = new MetricsCollector();
    const counters = { MPJoinSynRx: 4, MPCapableFallbackACK: 1, MPCurrEstab: 3 };
    const later = { MPJoinSynRx: 9, MPCapableFallbackACK: 1, MPCurrEstab: 1 };
    const first = await feed(collector, [tick(), extras({ counters })]);
    const m = 'subflow_mptcp_mib_total';
    expect(first.types.get(m)).toBe('counter');
    expect(valueOf(first, m, { counter: 'MPJoinSynRx' })).toBe(4);
    expect(find(first, m, { counter: 'MPCurrEstab' })).toEqual([]);
    expect(valueOf(first, 'subflow_mptcp_mib_current', { counter: 'MPCurrEstab' })).toBe(3);
    const text = await feed(
      collector,
      [tick(), extras({ counters: later })],
      [tick(), extras({ counters: null })], // an unread sample changes nothing
    );
    expect(valueOf(text, m, { counter: 'MPJoinSynRx' })).toBe(9);
    expect(valueOf(text, m, { counter: 'MPCapableFallbackACK' })).toBe(1);
    expect(valueOf(text, 'subflow_mptcp_mib_current', { counter: 'MPCurrEstab' })).toBe(1);
  });

  it('exports endpoints by flag, limits and the monitor figures', async () => {
    const collector = new MetricsCollector();
    collector.recordTickDuration(0.07);
    collector.recordTickDuration(0.2);
    const text = await feed(collector, [tick(), extras({ eventOverflows: 2 })]);
    expect(valueOf(text, 'subflow_mptcp_endpoints')).toBe(2);
    expect(valueOf(text, 'subflow_mptcp_endpoint_flags', { flag: 'subflow' })).toBe(2);
    expect(valueOf(text, 'subflow_mptcp_endpoint_flags', { flag: 'backup' })).toBe(1);
    expect(valueOf(text, 'subflow_mptcp_endpoint_flags', { flag: 'signal' })).toBe(0);
    expect(valueOf(text, 'subflow_mptcp_limit_subflows')).toBe(8);
    expect(valueOf(text, 'subflow_mptcp_limit_add_addr_accepted')).toBe(8);
    expect(valueOf(text, 'subflow_mptcp_enabled')).toBe(1);
    expect(valueOf(text, 'subflow_monitor_event_overflows_total')).toBe(2);
    expect(valueOf(text, 'subflow_monitor_last_tick_timestamp_seconds')).toBe(BASE.time / 1000);
    const h = 'subflow_monitor_tick_duration_seconds';
    expect(text.types.get(h)).toBe('histogram');
    expect(valueOf(text, `${h}_count`)).toBe(2);
    expect(valueOf(text, `${h}_sum`)).toBeCloseTo(0.27, 9);
    expect(valueOf(text, `${h}_bucket`, { le: '0.1' })).toBe(1);
    expect(valueOf(text, `${h}_bucket`, { le: '0.25' })).toBe(2);
    expect(
      valueOf(text, 'subflow_monitor_info', { netns: 'lab-cli', event_source: 'kernel' }),
    ).toBe(1);
    expect(valueOf(text, 'subflow_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(find(text, 'process_cpu_seconds_total')).toEqual([]); // no unprefixed default metrics
  });

  it('counts failovers and keeps the last gap, absent before the first', async () => {
    const collector = new MetricsCollector();
    const before = await feed(collector, [tick()]);
    expect(valueOf(before, 'subflow_failovers_total')).toBe(0);
    expect(find(before, 'subflow_failover_last_gap_seconds')).toEqual([]);
    collector.recordFailover({ gapMs: 1500 });
    collector.recordFailover({ gapMs: 250 });
    const text = await feed(collector);
    expect(valueOf(text, 'subflow_failovers_total')).toBe(2);
    expect(valueOf(text, 'subflow_failover_last_gap_seconds')).toBe(0.25);
  });

  it('counts recoveries, subflows not re-created and fallback connections', async () => {
    const collector = new MetricsCollector();
    const fallen = { ...connection(2, [subflow('red-c')]), fallback: true };
    const before = await feed(collector, [tick({ connections: [connection(1, [])] })]);
    expect(valueOf(before, 'subflow_failover_recoveries_total')).toBe(0);
    expect(valueOf(before, 'subflow_failover_subflows_missing_total')).toBe(0);
    expect(valueOf(before, 'subflow_mptcp_fallback_connections')).toBe(0);
    collector.recordRecovery();
    collector.recordSubflowMissing();
    collector.recordRecovery();
    const text = await feed(collector, [tick({ connections: [connection(1, []), fallen] })]);
    expect(valueOf(text, 'subflow_failover_recoveries_total')).toBe(2);
    expect(valueOf(text, 'subflow_failover_subflows_missing_total')).toBe(1);
    expect(valueOf(text, 'subflow_mptcp_fallback_connections')).toBe(1);
  });
});

describe('MetricsCollector counters never go down', () => {
  const tx = 'subflow_interface_transmit_bytes_total';

  it('adds what the kernel counted after a counter reset, instead of going down', async () => {
    const collector = new MetricsCollector();
    const at = (txBytes: number, ifindex = 3) =>
      tick({ interfaces: [iface('blue-c', ifindex, 0, txBytes)] });
    const seen: number[] = [];
    for (const update of [at(1000), at(1500), at(200), at(700), at(50, 9), at(60, 9)]) {
      seen.push(valueOf(await feed(collector, [update]), tx, { interface: 'blue-c' }));
    }
    // 1000, +500, reset (counts 200), +500, new ifindex (counts 50), +10
    expect(seen).toEqual([1000, 1500, 1700, 2200, 2250, 2260]);
  });

  it('carries on across an interface deleted and made again under the same name', async () => {
    const collector = new MetricsCollector();
    const text = await feed(
      collector,
      [tick({ interfaces: [iface('blue-c', 3, 0, 5000)] })],
      [tick({ interfaces: [] })],
      // Same ifindex (a namespace made again) and a counter above the old one: still new.
      [tick({ interfaces: [iface('blue-c', 3, 0, 6000)] })],
    );
    expect(valueOf(text, tx, { interface: 'blue-c' })).toBe(11000);
  });

  it('keeps MPTcpExt counters and the overflow count monotonic across a namespace made again', async () => {
    const collector = new MetricsCollector();
    const text = await feed(
      collector,
      [tick(), extras({ counters: { MPJoinSynRx: 10 }, eventOverflows: 3 })],
      [tick(), extras({ counters: { MPJoinSynRx: 2 }, eventOverflows: 1 })],
    );
    expect(valueOf(text, 'subflow_mptcp_mib_total', { counter: 'MPJoinSynRx' })).toBe(12);
    expect(valueOf(text, 'subflow_monitor_event_overflows_total')).toBe(4);
  });
});

describe('MetricsCollector cardinality', () => {
  it('keeps the series count small with 1,000 connections', async () => {
    const connections = Array.from({ length: 1000 }, (_, n) =>
      connection(n + 1, [subflow('red-c'), subflow('blue-c', n % 2 === 0)]),
    );
    const counters = Object.fromEntries(
      Array.from({ length: 77 }, (_, n) => [`Counter${n}`, n] as const),
    );
    const collector = new MetricsCollector();
    const text = await feed(collector, [tick({ connections }), extras({ counters })]);
    const series = text.samples.length;
    expect(valueOf(text, 'subflow_mptcp_connections', { state: 'established' })).toBe(1000);
    expect(valueOf(text, 'subflow_mptcp_subflows', { interface: 'blue-c', backup: 'true' })).toBe(
      500,
    );
    // No label carries a token, an address or a port.
    const values = text.samples.flatMap((s) => Object.values(s.labels));
    expect(values.filter((v) => /^[0-9a-f]{8}$|^\d+\.\d+\.\d+\.\d+|^4\d{4}$/.test(v))).toEqual([]);
    expect(series).toBeLessThan(200);
  });

  it('gives at most 64 interfaces a label and sums the rest under "other"', async () => {
    const interfaces = Array.from({ length: 100 }, (_, n) => iface(`veth${n}`, n + 10, n, 10));
    const collector = new MetricsCollector();
    const text = await feed(collector, [
      tick({ interfaces, connections: [connection(1, [subflow('veth99'), subflow('veth1')])] }),
    ]);
    const rx = find(text, 'subflow_interface_receive_bytes_total');
    expect(rx).toHaveLength(65);
    expect(valueOf(text, 'subflow_interface_receive_bytes_total', { interface: 'veth63' })).toBe(
      63,
    );
    // veth64…veth99: 64 + … + 99
    const other = Array.from({ length: 36 }, (_, k) => 64 + k).reduce((a, b) => a + b, 0);
    expect(valueOf(text, 'subflow_interface_receive_bytes_total', { interface: 'other' })).toBe(
      other,
    );
    expect(valueOf(text, 'subflow_interface_transmit_bytes_total', { interface: 'other' })).toBe(
      360,
    );
    expect(valueOf(text, 'subflow_interface_up', { interface: 'other' })).toBe(36);
    const mode = { interface: 'other', mode: 'on' };
    expect(valueOf(text, 'subflow_interface_multipath_mode', mode)).toBe(36);
    const s = 'subflow_mptcp_subflows';
    expect(valueOf(text, s, { interface: 'other', backup: 'false' })).toBe(1);
    expect(valueOf(text, s, { interface: 'veth1', backup: 'false' })).toBe(1);
  });

  it('hands the slot of a gone interface to a new one when all are taken', async () => {
    const collector = new MetricsCollector({ maxInterfaces: 2 });
    const text = await feed(
      collector,
      [tick({ interfaces: [iface('a', 1, 1, 1), iface('b', 2, 2, 2)] })],
      [tick({ interfaces: [iface('b', 2, 2, 2), iface('c', 3, 3, 3), iface('d', 4, 4, 4)] })],
    );
    const labels = find(text, 'subflow_interface_receive_bytes_total').map(
      (s) => s.labels.interface,
    );
    expect(labels.sort()).toEqual(['b', 'c', 'other']);
    expect(valueOf(text, 'subflow_interface_receive_bytes_total', { interface: 'other' })).toBe(4);
  });
});
