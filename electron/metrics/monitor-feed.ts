// Wires a MetricsCollector to a live monitor: every TickUpdate, tick duration and the monitor's
// MPTcpExt counters and event overflows flow into the collector. The only glue between the two.
import type { TickUpdate, Snapshot } from '../contract.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import type { EventSourceState } from '../monitor/monitor-service.js';
import type { MetricsCollector } from './collector.js';

/** What the feed needs from a monitor (MonitorService has all of it). */
export interface MetricsSource {
  subscribe(listener: (update: TickUpdate) => void): () => void;
  onTickMeasured(listener: (seconds: number) => void): () => void;
  latest(): Snapshot | null;
  readonly counters: MptcpCounters | null;
  readonly eventOverflows: number;
  readonly eventSource: EventSourceState;
}

/**
 * Feeds `collector` from `monitor` from now on (and from its latest snapshot, when it already
 * has one). Returns a function that stops the feed.
 */
export function feedMetrics(collector: MetricsCollector, monitor: MetricsSource): () => void {
  const observe = (update: TickUpdate) => {
    collector.observeTick(update, {
      counters: monitor.counters,
      eventOverflows: monitor.eventOverflows,
      eventSource: monitor.eventSource.kind,
    });
  };
  const latest = monitor.latest();
  if (latest !== null) observe({ snapshot: latest, events: [] });
  const unsubscribe = monitor.subscribe(observe);
  const unmeasure = monitor.onTickMeasured((seconds) => {
    collector.recordTickDuration(seconds);
  });
  return () => {
    unsubscribe();
    unmeasure();
  };
}
