// One RawSample (plus what the last tick left) → a Snapshot: connections joined to subflows,
// interfaces with rates and multipath modes, endpoints, kernel facts. Pure: no clock, no I/O;
// time comes in the sample, and the returned state is all the next tick needs.
import type { KernelInfo, Limits, Snapshot } from '../contract.js';
import type { RawSample } from '../../native/kernel/sample.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import { buildConnections } from './connections.js';
import { fallbackReason } from './fallback-reasons.js';
import type { ConnectionEntry } from './connections.js';
import { buildInterfaces, indexInterfaces, placeEndpoints } from './interfaces.js';
import { buildPlainTcpApps } from './plain-tcp.js';
import type { CounterReading } from './rates.js';

/**
 * What rates and ages need from earlier ticks. Every map holds only entities of the last
 * sample (entries of sockets and interfaces gone are dropped), except when a dump failed: then
 * that part's entries are carried over unchanged, so the next good sample's rates span the gap.
 */
export interface MonitorState {
  /** Interface counters by `ifindex:name`. */
  readonly interfaces: ReadonlyMap<string, CounterReading>;
  /** Subflow counters (tx = bytes_acked, rx = bytes_received) by socket cookie. */
  readonly subflows: ReadonlyMap<string, CounterReading>;
  /** First-seen times and mptcp_info counters by connection key (token hex, else `sk:COOKIE`). */
  readonly connections: ReadonlyMap<string, ConnectionEntry>;
  /** MPTcpExt counters of the last sample (fallback reasons come from their rise); null if unread. */
  readonly mptcpCounters?: MptcpCounters | null;
  /** Plain TCP socket counters by cookie (apps using plain TCP); absent before the first. */
  readonly plainTcp?: ReadonlyMap<string, CounterReading>;
}

/** Where the sample comes from and how often: copied into the Snapshot. */
export interface SnapshotContext {
  /** Named namespace being watched, or null for the monitor's own. */
  readonly netns: string | null;
  readonly hostname: string;
  /** Tick interval, ms. */
  readonly intervalMs: number;
  /** How to run `subflow` on this host (Snapshot.command); absent where it means nothing. */
  readonly command?: string;
}

export interface SnapshotResult {
  readonly snapshot: Snapshot;
  readonly state: MonitorState;
}

const failed = (sample: RawSample, part: string): boolean =>
  sample.problems.some((p) => p.startsWith(`${part}:`));

function kernelInfo(sample: RawSample): KernelInfo {
  const k = sample.kernel;
  return {
    release: k.release,
    mptcp: k.mptcp,
    enabled: k.enabled,
    ...(k.pathManager !== undefined ? { pathManager: k.pathManager } : {}),
    ...(k.scheduler !== undefined ? { scheduler: k.scheduler } : {}),
    ...(k.reason !== undefined ? { reason: k.reason } : {}),
  };
}

/** The path manager's limits; when they could not be read, those a connection reports. */
function limitsOf(sample: RawSample): Limits {
  if (sample.limits) {
    return { subflows: sample.limits.subflows, addAddrAccepted: sample.limits.addAddrAccepted };
  }
  for (const s of sample.mptcpSockets) {
    const info = s.info;
    if (info?.subflowsMax !== undefined && info.addAddrAcceptedMax !== undefined) {
      return { subflows: info.subflowsMax, addAddrAccepted: info.addAddrAcceptedMax };
    }
  }
  return { subflows: 0, addAddrAccepted: 0 };
}

/** Builds the Snapshot of `sample` and the state for the next tick (`previous` null at first). */
export function buildSnapshot(
  previous: MonitorState | null,
  sample: RawSample,
  context: SnapshotContext,
): SnapshotResult {
  const index = indexInterfaces(sample.interfaces);
  const kernel = kernelInfo(sample);
  const { endpoints, modes } = placeEndpoints(index, sample.endpoints);
  const processes = sample.processes && new Map(sample.processes.map((p) => [p.pid, p]));
  const built = buildConnections(
    sample.mptcpSockets,
    sample.subflows,
    index,
    sample.monotonicMs,
    sample.time,
    previous?.subflows,
    previous?.connections,
    () => fallbackReason(previous ? (previous.mptcpCounters ?? null) : null, sample.counters),
    processes,
  );
  const plain =
    sample.plainTcp &&
    buildPlainTcpApps(
      sample.plainTcp,
      processes ?? new Map(),
      sample.monotonicMs,
      previous?.plainTcp,
    );
  const ifs = buildInterfaces(sample, kernel, modes, built.carryingSubflows, previous?.interfaces);
  const state: MonitorState = {
    interfaces: ifs.readings,
    subflows:
      previous && failed(sample, 'MPTCP subflows') ? previous.subflows : built.subflowReadings,
    connections:
      previous && failed(sample, 'MPTCP sockets') ? previous.connections : built.connectionEntries,
    // Unreadable counters keep the last reading, so the next rise still spans the gap.
    mptcpCounters: sample.counters ?? previous?.mptcpCounters ?? null,
    ...(plain && {
      plainTcp:
        previous?.plainTcp && failed(sample, 'MPTCP subflows') ? previous.plainTcp : plain.readings,
    }),
  };
  const snapshot: Snapshot = {
    time: sample.time,
    netns: context.netns,
    privileged: sample.privileged,
    hostname: context.hostname,
    intervalMs: context.intervalMs,
    kernel,
    limits: limitsOf(sample),
    endpoints,
    interfaces: ifs.interfaces,
    connections: built.connections,
    ...(context.command !== undefined ? { command: context.command } : {}),
    ...(sample.processNote !== undefined && { processNote: sample.processNote }),
    ...(plain && { plainTcpApps: plain.apps }),
  };
  return { snapshot, state };
}
