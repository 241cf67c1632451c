// The metrics collector: fed one TickUpdate at a time (plus what the monitor knows beside it:
// MPTcpExt counters, event overflows, tick durations, failovers), it keeps prom-client metrics
// on a registry of its own and renders the Prometheus exposition. No I/O of its own.
import type { EndpointFlag, PmEvent, PmEventType, Snapshot, TickUpdate } from '../contract.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import { AppMetrics } from './app-metrics.js';
import { CounterDeltas } from './counter-deltas.js';
import { GaugeSeries, addTo } from './gauge-series.js';
import type { SeriesValue } from './gauge-series.js';
import { InterfaceMetrics } from './interface-metrics.js';
import { DEFAULT_MAX_INTERFACES } from './interface-labels.js';
import { createMetrics } from './metric-definitions.js';
import type { SubflowMetrics } from './metric-definitions.js';

/** What the monitor knows beside the TickUpdate, read when the update arrives. */
export interface TickExtras {
  /** MPTcpExt counters of this tick's sample (MonitorService.counters); null when unread. */
  readonly counters: MptcpCounters | null;
  /** Kernel event overflows since the monitor started (MonitorService.eventOverflows). */
  readonly eventOverflows: number;
  /** Where events come from now (MonitorService.eventSource.kind). */
  readonly eventSource: 'kernel' | 'inferred';
}

/** A failover the detector saw. */
export interface FailoverRecord {
  /** Time without traffic between the path stopping and traffic resuming elsewhere, in ms. */
  readonly gapMs: number;
}

/** The exposition text and the Content-Type to send it with. */
export interface MetricsExposition {
  readonly contentType: string;
  readonly body: string;
}

export interface CollectorOptions {
  /** Interfaces with a label of their own; the rest are summed into interface="other". */
  readonly maxInterfaces?: number;
}

/** Event types counted under their own name; any other (unknown-N) counts as "unknown". */
export const COUNTED_EVENT_TYPES = [
  'created',
  'established',
  'closed',
  'announced',
  'removed',
  'sub-established',
  'sub-closed',
  'sub-priority',
  'listener-created',
  'listener-closed',
  'resync',
  'monitor',
  'failover',
  'recovered',
  'subflow-missing',
  'action',
  'external-change',
] as const satisfies readonly PmEventType[];

/** The one source each Subflow-made event type comes with (others: kernel or inferred). */
const ONLY_SOURCE: Readonly<Record<string, PmEvent['source']>> = {
  failover: 'inferred',
  recovered: 'inferred',
  'subflow-missing': 'inferred',
  action: 'user',
  'external-change': 'inferred',
};

/** Connection states counted under their own name; any other counts as "other". */
export const CONNECTION_STATES: ReadonlySet<string> = new Set([
  ...['established', 'syn-sent', 'syn-recv', 'fin-wait-1', 'fin-wait-2', 'time-wait'],
  ...['close', 'close-wait', 'last-ack', 'listen', 'closing', 'new-syn-recv'],
  ...['bound-inactive', 'unknown', 'subflows-only'],
]);

const ENDPOINT_FLAGS = [
  'signal',
  'subflow',
  'backup',
  'fullmesh',
  'implicit',
  'laminar',
] as const satisfies readonly EndpointFlag[];

/** MPTcpExt values that are levels rather than counts (MPCurrEstab, and any later MPCurr*). */
const isLevel = (name: string): boolean => name.startsWith('MPCurr');

/** Keeps the Prometheus metrics of one monitored namespace. */
export class MetricsCollector {
  private readonly metrics: SubflowMetrics = createMetrics();
  private readonly interfaces: InterfaceMetrics;
  private readonly deltas = new CounterDeltas();
  private readonly connections = new GaugeSeries(this.metrics.connections);
  private readonly subflows = new GaugeSeries(this.metrics.subflows);
  private readonly seenStates = new Set<string>();
  private readonly apps = new AppMetrics(this.metrics);

  constructor(options: CollectorOptions = {}) {
    this.interfaces = new InterfaceMetrics(
      this.metrics,
      options.maxInterfaces ?? DEFAULT_MAX_INTERFACES,
    );
    // Counters start at 0 rather than appearing on first use, so rate() sees the first event.
    for (const type of [...COUNTED_EVENT_TYPES, 'unknown']) {
      const only = ONLY_SOURCE[type];
      for (const source of only ? [only] : ['kernel', 'inferred']) {
        this.metrics.pmEvents.inc({ type, source }, 0);
      }
    }
    for (const flag of ENDPOINT_FLAGS) this.metrics.endpointFlags.set({ flag }, 0);
  }

  /** The registry holding every metric (prom-client's global registry is never used). */
  get registry(): SubflowMetrics['registry'] {
    return this.metrics.registry;
  }

  /** Updates every metric from one tick. */
  observeTick(update: TickUpdate, extras: TickExtras): void {
    const { snapshot } = update;
    this.interfaces.update(snapshot.interfaces);
    this.observeConnections(snapshot);
    this.apps.update(snapshot.connections);
    this.observeEndpoints(snapshot);
    for (const event of update.events) this.countEvent(event);
    if (extras.counters !== null) this.observeMib(extras.counters);
    const overflows = this.deltas.delta('event-overflows', extras.eventOverflows);
    this.metrics.eventOverflows.inc(overflows);
    this.metrics.lastTick.set(snapshot.time / 1000);
    this.metrics.mptcpEnabled.set(snapshot.kernel.enabled ? 1 : 0);
    this.metrics.monitorInfo.reset();
    this.metrics.monitorInfo.set(
      {
        netns: snapshot.netns ?? '',
        kernel_release: snapshot.kernel.release,
        path_manager: snapshot.kernel.pathManager ?? '',
        event_source: extras.eventSource,
      },
      1,
    );
  }

  /** Records the duration of one monitor tick, in seconds. */
  recordTickDuration(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.metrics.tickDuration.observe(seconds);
  }

  /** Records a failover the detector saw: counts it and keeps its gap. */
  recordFailover(failover: FailoverRecord): void {
    this.metrics.failovers.inc();
    if (Number.isFinite(failover.gapMs) && failover.gapMs >= 0) {
      this.metrics.failoverLastGap.set(failover.gapMs / 1000);
    }
  }

  /** Counts a path a failover left carrying traffic again. */
  recordRecovery(): void {
    this.metrics.failoverRecoveries.inc();
  }

  /** Counts a connection flagged for a subflow the path manager did not re-create. */
  recordSubflowMissing(): void {
    this.metrics.subflowsNotRecreated.inc();
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<MetricsExposition> {
    const registry = this.metrics.registry;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  private observeConnections(snapshot: Snapshot): void {
    const states = new Map<string, SeriesValue<'state'>>();
    const subflows = new Map<string, SeriesValue<'interface' | 'backup'>>();
    for (const connection of snapshot.connections) {
      const state = CONNECTION_STATES.has(connection.state) ? connection.state : 'other';
      this.seenStates.add(state);
      addTo(states, state, { state });
      for (const subflow of connection.subflows) {
        const label = this.interfaces.label(subflow.interface);
        const backup = subflow.backup ? 'true' : 'false';
        addTo(subflows, `${label}\u0000${backup}`, { interface: label, backup });
      }
    }
    if (!states.has('established')) states.set('established', zero({ state: 'established' }));
    this.metrics.fallbackConnections.set(snapshot.connections.filter((c) => c.fallback).length);
    // A state seen once stays at 0 (bounded by the state list); subflow series stay at 0 while
    // their interface is there.
    this.connections.publish(states, () => true);
    const present = this.interfaces.presentLabels(snapshot.interfaces);
    this.subflows.publish(subflows, (l) => present.has(String(l.interface)));
  }

  private observeEndpoints(snapshot: Snapshot): void {
    this.metrics.endpoints.set(snapshot.endpoints.length);
    for (const flag of ENDPOINT_FLAGS) {
      const count = snapshot.endpoints.filter((e) => e.flags.includes(flag)).length;
      this.metrics.endpointFlags.set({ flag }, count);
    }
    this.metrics.limitSubflows.set(snapshot.limits.subflows);
    this.metrics.limitAddAddrAccepted.set(snapshot.limits.addAddrAccepted);
  }

  private countEvent(event: PmEvent): void {
    const known: readonly string[] = COUNTED_EVENT_TYPES;
    const type = known.includes(event.type) ? event.type : 'unknown';
    this.metrics.pmEvents.inc({ type, source: event.source });
  }

  private observeMib(counters: MptcpCounters): void {
    for (const [name, value] of Object.entries(counters)) {
      if (isLevel(name)) this.metrics.mibCurrent.set({ counter: name }, value);
      else this.metrics.mib.inc({ counter: name }, this.deltas.delta(`mib:${name}`, value));
    }
  }
}

function zero<L extends string>(labels: SeriesValue<L>['labels']): SeriesValue<L> {
  return { labels, value: 0 };
}
