// feedMetrics: the glue between a monitor and the collector, on a fake monitor.
import { describe, expect, it } from 'vitest';
import type { TickUpdate } from '../../../electron/contract.js';
import { MetricsCollector } from '../../../electron/metrics/collector.js';
import { feedMetrics } from '../../../electron/metrics/monitor-feed.js';
import type { MetricsSource } from '../../../electron/metrics/monitor-feed.js';
import { parseExposition, valueOf } from './exposition-text.js';
import { BASE, iface, tick } from './ticks.js';

class FakeMonitor implements MetricsSource {
  readonly ticks = new Set<(u: TickUpdate) => void>();
  readonly measured = new Set<(s: number) => void>();
  counters: Record<string, number> | null = { MPJoinSynRx: 3 };
  eventOverflows = 1;
  readonly eventSource = { kind: 'inferred', reason: 'test' } as const;
  subscribe(l: (u: TickUpdate) => void) {
    this.ticks.add(l);
    return () => this.ticks.delete(l);
  }
  onTickMeasured(l: (s: number) => void) {
    this.measured.add(l);
    return () => this.measured.delete(l);
  }
  latest() {
    return BASE;
  }
  emit(update: TickUpdate, seconds: number) {
    for (const l of this.ticks) l(update);
    for (const l of this.measured) l(seconds);
  }
}

describe('feedMetrics', () => {
  it('observes the latest snapshot at once, then every tick with what the monitor knows', async () => {
    const monitor = new FakeMonitor();
    const collector = new MetricsCollector();
    const stop = feedMetrics(collector, monitor);
    const first = parseExposition((await collector.exposition()).body);
    const tx = 'subflow_interface_transmit_bytes_total';
    expect(valueOf(first, tx, { interface: 'blue-c' })).toBe(7000);
    expect(valueOf(first, 'subflow_monitor_info', { event_source: 'inferred' })).toBe(1);

    monitor.counters = { MPJoinSynRx: 5 };
    monitor.eventOverflows = 2;
    monitor.emit(tick({ interfaces: [iface('blue-c', 3, 0, 9000)] }), 0.04);
    const second = parseExposition((await collector.exposition()).body);
    expect(valueOf(second, tx, { interface: 'blue-c' })).toBe(9000);
    expect(valueOf(second, 'subflow_mptcp_mib_total', { counter: 'MPJoinSynRx' })).toBe(5);
    expect(valueOf(second, 'subflow_monitor_event_overflows_total')).toBe(2);
    expect(valueOf(second, 'subflow_monitor_tick_duration_seconds_count')).toBe(1);

    stop();
    expect(monitor.ticks.size + monitor.measured.size).toBe(0);
  });
});
