// Every Prometheus metric `subflow serve --metrics` exposes, defined once on a registry of its
// own (never prom-client's global one): names with their units, help text and bounded labels.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Metric names, as exposed (histograms also expose _bucket, _sum and _count). */
export const METRIC = {
  interfaceReceiveBytes: 'subflow_interface_receive_bytes_total',
  interfaceTransmitBytes: 'subflow_interface_transmit_bytes_total',
  interfaceUp: 'subflow_interface_up',
  interfaceMultipathMode: 'subflow_interface_multipath_mode',
  connections: 'subflow_mptcp_connections',
  subflows: 'subflow_mptcp_subflows',
  appBytes: 'subflow_app_bytes_total',
  appConnections: 'subflow_app_connections',
  pmEvents: 'subflow_pm_events_total',
  mib: 'subflow_mptcp_mib_total',
  mibCurrent: 'subflow_mptcp_mib_current',
  endpoints: 'subflow_mptcp_endpoints',
  endpointFlags: 'subflow_mptcp_endpoint_flags',
  limitSubflows: 'subflow_mptcp_limit_subflows',
  limitAddAddrAccepted: 'subflow_mptcp_limit_add_addr_accepted',
  mptcpEnabled: 'subflow_mptcp_enabled',
  failovers: 'subflow_failovers_total',
  failoverLastGap: 'subflow_failover_last_gap_seconds',
  failoverRecoveries: 'subflow_failover_recoveries_total',
  subflowsNotRecreated: 'subflow_failover_subflows_missing_total',
  fallbackConnections: 'subflow_mptcp_fallback_connections',
  tickDuration: 'subflow_monitor_tick_duration_seconds',
  eventOverflows: 'subflow_monitor_event_overflows_total',
  lastTick: 'subflow_monitor_last_tick_timestamp_seconds',
  monitorInfo: 'subflow_monitor_info',
  processCpu: 'subflow_process_cpu_seconds_total',
  processResidentMemory: 'subflow_process_resident_memory_bytes',
} as const;

/** Every series name the exposition can hold (histogram series included). */
export function exposedSeriesNames(): string[] {
  return Object.values(METRIC).flatMap((name) =>
    name === METRIC.tickDuration ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
  );
}

/** Tick duration buckets, in seconds: a tick of 1,000 connections takes ~75 ms on a small VM. */
export const TICK_DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** The metrics, on their registry. */
export interface SubflowMetrics {
  readonly registry: Registry;
  readonly interfaceReceiveBytes: Counter<'interface'>;
  readonly interfaceTransmitBytes: Counter<'interface'>;
  readonly interfaceUp: Gauge<'interface'>;
  readonly interfaceMultipathMode: Gauge<'interface' | 'mode'>;
  readonly connections: Gauge<'state'>;
  readonly subflows: Gauge<'interface' | 'backup'>;
  readonly appBytes: Counter<'app'>;
  readonly appConnections: Gauge<'app'>;
  readonly pmEvents: Counter<'type' | 'source'>;
  readonly mib: Counter<'counter'>;
  readonly mibCurrent: Gauge<'counter'>;
  readonly endpoints: Gauge;
  readonly endpointFlags: Gauge<'flag'>;
  readonly limitSubflows: Gauge;
  readonly limitAddAddrAccepted: Gauge;
  readonly mptcpEnabled: Gauge;
  readonly failovers: Counter;
  readonly failoverLastGap: Gauge;
  readonly failoverRecoveries: Counter;
  readonly subflowsNotRecreated: Counter;
  readonly fallbackConnections: Gauge;
  readonly tickDuration: Histogram;
  readonly eventOverflows: Counter;
  readonly lastTick: Gauge;
  readonly monitorInfo: Gauge<'netns' | 'kernel_release' | 'path_manager' | 'event_source'>;
}

/** Creates every metric on a new registry. */
export function createMetrics(): SubflowMetrics {
  const registry = new Registry();
  const registers = [registry];
  const metrics: SubflowMetrics = {
    registry,
    interfaceReceiveBytes: new Counter({
      name: METRIC.interfaceReceiveBytes,
      help: 'Bytes received by the interface, all traffic (kernel counter; never goes down: a recreated interface carries on from the last value)',
      labelNames: ['interface'],
      registers,
    }),
    interfaceTransmitBytes: new Counter({
      name: METRIC.interfaceTransmitBytes,
      help: 'Bytes sent by the interface, all traffic (kernel counter; never goes down: a recreated interface carries on from the last value)',
      labelNames: ['interface'],
      registers,
    }),
    interfaceUp: new Gauge({
      name: METRIC.interfaceUp,
      help: 'Interfaces that are up (1 or 0 per interface; a count for interface="other")',
      labelNames: ['interface'],
      registers,
    }),
    interfaceMultipathMode: new Gauge({
      name: METRIC.interfaceMultipathMode,
      help: 'Multipath mode of the interface, one-hot over mode="on|off|backup" (a count for interface="other")',
      labelNames: ['interface', 'mode'],
      registers,
    }),
    connections: new Gauge({
      name: METRIC.connections,
      help: 'MPTCP connections by state (listeners excluded)',
      labelNames: ['state'],
      registers,
    }),
    subflows: new Gauge({
      name: METRIC.subflows,
      help: 'TCP subflows of MPTCP connections by interface they leave by and backup flag',
      labelNames: ['interface', 'backup'],
      registers,
    }),
    appBytes: new Counter({
      name: METRIC.appBytes,
      help: 'Bytes moved by MPTCP connections (acked by the peer + received) by app: the process name for the 20 busiest, "other" beyond, "unknown" when the process is not known',
      labelNames: ['app'],
      registers,
    }),
    appConnections: new Gauge({
      name: METRIC.appConnections,
      help: 'MPTCP connections by app (process name, bounded as for subflow_app_bytes_total)',
      labelNames: ['app'],
      registers,
    }),
    pmEvents: new Counter({
      name: METRIC.pmEvents,
      help: 'Path-manager events by type and source (kernel = from mptcp_pm, inferred = from samples)',
      labelNames: ['type', 'source'],
      registers,
    }),
    mib: new Counter({
      name: METRIC.mib,
      help: 'MPTCP MIB counters of the namespace (/proc/net/netstat MPTcpExt), one series per kernel counter name',
      labelNames: ['counter'],
      registers,
    }),
    mibCurrent: new Gauge({
      name: METRIC.mibCurrent,
      help: 'MPTCP MIB values that are levels, not counts (MPTcpExt MPCurr*, e.g. MPCurrEstab)',
      labelNames: ['counter'],
      registers,
    }),
    endpoints: new Gauge({
      name: METRIC.endpoints,
      help: 'Path-manager endpoints (ip mptcp endpoint)',
      registers,
    }),
    endpointFlags: new Gauge({
      name: METRIC.endpointFlags,
      help: 'Path-manager endpoints carrying each flag',
      labelNames: ['flag'],
      registers,
    }),
    limitSubflows: new Gauge({
      name: METRIC.limitSubflows,
      help: 'Path-manager limit: extra subflows per connection',
      registers,
    }),
    limitAddAddrAccepted: new Gauge({
      name: METRIC.limitAddAddrAccepted,
      help: 'Path-manager limit: ADD_ADDR announcements accepted per connection',
      registers,
    }),
    mptcpEnabled: new Gauge({
      name: METRIC.mptcpEnabled,
      help: 'Whether MPTCP is enabled in the namespace (net.mptcp.enabled)',
      registers,
    }),
    failovers: new Counter({
      name: METRIC.failovers,
      help: 'Failovers detected: traffic of a connection moved to another path after its path stopped',
      registers,
    }),
    failoverLastGap: new Gauge({
      name: METRIC.failoverLastGap,
      help: 'Gap in traffic of the last failover detected, in seconds (absent before the first)',
      registers,
    }),
    failoverRecoveries: new Counter({
      name: METRIC.failoverRecoveries,
      help: 'Paths a failover left that carried traffic again (the connection used them anew)',
      registers,
    }),
    subflowsNotRecreated: new Counter({
      name: METRIC.subflowsNotRecreated,
      help: 'Connections that had no subflow on a path for over 10 s after a failover although its endpoint and interface were back',
      registers,
    }),
    fallbackConnections: new Gauge({
      name: METRIC.fallbackConnections,
      help: 'MPTCP connections that fell back to plain TCP (mptcp_info FALLBACK flag)',
      registers,
    }),
    tickDuration: new Histogram({
      name: METRIC.tickDuration,
      help: "Duration of the monitor's ticks (kernel sample, snapshot, events), in seconds",
      buckets: TICK_DURATION_BUCKETS,
      registers,
    }),
    eventOverflows: new Counter({
      name: METRIC.eventOverflows,
      help: 'Times the kernel dropped path-manager events (receive buffer overflow; state was re-read from a dump)',
      registers,
    }),
    lastTick: new Gauge({
      name: METRIC.lastTick,
      help: 'Time of the last snapshot, in seconds since the epoch',
      registers,
    }),
    monitorInfo: new Gauge({
      name: METRIC.monitorInfo,
      help: 'What the monitor watches (always 1): namespace ("" for its own), kernel, path manager, event source',
      labelNames: ['netns', 'kernel_release', 'path_manager', 'event_source'],
      registers,
    }),
  };
  metrics.failoverLastGap.remove();
  registerProcessMetrics(registry);
  return metrics;
}

/** The two cheap process figures worth having; prom-client's default set is not registered. */
function registerProcessMetrics(registry: Registry): void {
  let lastCpuMicros = 0;
  const cpu = new Counter({
    name: METRIC.processCpu,
    help: 'CPU time of the subflow process, user and system, in seconds',
    registers: [registry],
    collect() {
      const { user, system } = process.cpuUsage();
      const micros = user + system;
      if (micros > lastCpuMicros) cpu.inc((micros - lastCpuMicros) / 1e6);
      lastCpuMicros = Math.max(lastCpuMicros, micros);
    },
  });
  const rss = new Gauge({
    name: METRIC.processResidentMemory,
    help: 'Resident memory of the subflow process, in bytes',
    registers: [registry],
    collect() {
      rss.set(process.memoryUsage.rss());
    },
  });
}
