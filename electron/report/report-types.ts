// The report model: everything a report shows, computed once from a journal by buildReport
// (build-report.ts) and rendered as HTML, JSON or CSV. Rates are bytes per second, byte counts are
// bytes, times are ms since the epoch, durations ms.
import type {
  Endpoint,
  KernelInfo,
  Limits,
  PmEvent,
  ProcessInfo,
  SocketAddress,
} from '../contract.js';
import type { Failover } from '../session/journal/journal-types.js';

/** What the session was: where, when, on which kernel and settings. */
export interface ReportSummary {
  /** Start of the session: the header's startedAt (or the first tick, if earlier), ms. */
  readonly start: number;
  /** Time of the last tick, ms (= start when there is none). */
  readonly end: number;
  /** end − start, ms. */
  readonly durationMs: number;
  /** Ticks in the journal. */
  readonly ticks: number;
  /** The monitor's tick interval when recording started, ms. */
  readonly intervalMs: number;
  readonly hostname: string;
  /** Named network namespace that was watched, or null for the recorder's own. */
  readonly netns: string | null;
  readonly kernel: KernelInfo;
  /** net.mptcp.* sysctls read at the start, sorted by name. */
  readonly sysctls: readonly { readonly name: string; readonly value: string }[];
  /** Path-manager endpoints and limits at the start (from the header). */
  readonly endpoints: readonly Endpoint[];
  readonly limits: Limits;
  /** Whether the recorder had CAP_NET_ADMIN (kernel events rather than inferred ones). */
  readonly privileged: boolean;
  /** Subflow version that wrote the journal. */
  readonly writer: string;
  /** The journal's last line was torn (the recorder was killed) and was skipped. */
  readonly torn: boolean;
  readonly connections: number;
  readonly subflows: number;
  readonly events: number;
  readonly failovers: number;
}

/** Curr / Avg / Min / Max / Total of one direction of one interface, as nload shows them. */
export interface DirectionStats {
  /** Rate at the last tick where the interface was present, bytes/s. */
  readonly current: number;
  /** Arithmetic mean of the per-tick rates, bytes/s. */
  readonly average: number;
  readonly min: number;
  readonly max: number;
  /**
   * Bytes moved during the session: the sum of the counter's increases between successive
   * ticks (a counter that went down, e.g. a re-created interface, adds nothing for that tick).
   */
  readonly total: number;
}

/** A series over time: one value per tick, oldest first; null where the entity was absent. */
export interface TimeSeries {
  /** Tick times, ms since the epoch. */
  readonly time: readonly number[];
  /** Received, bytes/s. */
  readonly rx: readonly (number | null)[];
  /** Sent, bytes/s. */
  readonly tx: readonly (number | null)[];
}

/** One network interface over the session. */
export interface InterfaceReport {
  readonly name: string;
  /** Addresses and multipath mode at the last tick where it was present. */
  readonly addresses: readonly string[];
  readonly multipath: 'on' | 'off' | 'backup';
  readonly up: boolean;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly rx: DirectionStats;
  readonly tx: DirectionStats;
  /** The per-tick rates the statistics were taken over (the charts draw these). */
  readonly series: TimeSeries;
}

/** How a subflow was used as a backup path. */
export interface BackupUse {
  /** Flagged backup in at least one tick. */
  readonly ever: boolean;
  /** Time spent flagged backup: the intervals ending at ticks where it was, ms. */
  readonly ms: number;
  /** Bytes it moved (sent acked + received) during ticks where it was flagged backup. */
  readonly bytes: number;
  /** Whether it carried traffic while flagged backup (bytes > 0). */
  readonly carried: boolean;
}

/** One subflow of a connection, as seen in the ticks. */
export interface SubflowReport {
  /** "local → remote" socket addresses, the same text failovers use. */
  readonly name: string;
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
  readonly interface: string | null;
  readonly localId: number;
  readonly remoteId: number;
  /** First and last tick where it was present, ms. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Present in the journal's last tick. */
  readonly openAtEnd: boolean;
  readonly lastState: string;
  /** Counters at last sight: bytes sent and acked by the peer, bytes received. */
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly backup: BackupUse;
  /** Per-tick throughput (sent + received), bytes/s, over the connection's ticks. */
  readonly rate: readonly (number | null)[];
}

/** One MPTCP connection over the session. */
export interface ConnectionReport {
  readonly token: string;
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
  /** When the monitor first saw it (the snapshot's firstSeen), ms. */
  readonly firstSeen: number;
  /** Last tick where it was present, ms. */
  readonly lastSeen: number;
  readonly openAtEnd: boolean;
  readonly lastState: string;
  /** Counters at last sight (since the connection opened), bytes. */
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Highest per-tick throughput (sent + received), bytes/s. */
  readonly peakRate: number;
  /** Tick times of the per-subflow `rate` series, ms. */
  readonly time: readonly number[];
  readonly subflows: readonly SubflowReport[];
  /** It fell back to plain TCP (as last seen). */
  readonly fallback: boolean;
  /** Why, in words, when it fell back. */
  readonly fallbackReason?: string;
  /**
   * Its process, the last one named in the ticks; null when it never was (another user's while
   * unprivileged); absent when the journal predates Subflow naming processes.
   */
  readonly process?: ProcessInfo | null;
}

/** The connections of one app (process name) over the session. */
export interface AppReport {
  /** Process name (/proc/PID/comm), or null for connections whose process was not found. */
  readonly name: string | null;
  /** Pids seen under that name, ascending. */
  readonly pids: readonly number[];
  readonly connections: number;
  /** Subflows its connections had, all seen in the session counted. */
  readonly subflows: number;
  /** Sums of its connections' counters at last sight (since each connection opened), bytes. */
  readonly bytesSent: number;
  readonly bytesReceived: number;
}

/** One path-manager event, with a sentence a person can read. */
export interface TimelineEntry {
  readonly time: number;
  readonly type: PmEvent['type'];
  readonly source: PmEvent['source'];
  readonly token: string | null;
  readonly interface: string | null;
  /** E.g. "subflow 203.0.113.1:40000 → 198.51.100.2:5201 established on blue-c (backup)". */
  readonly text: string;
}

/** The whole report. */
export interface ReportModel {
  readonly summary: ReportSummary;
  readonly interfaces: readonly InterfaceReport[];
  readonly connections: readonly ConnectionReport[];
  /** Connections grouped by app, most bytes first; empty when the journal names no process. */
  readonly apps: readonly AppReport[];
  readonly timeline: readonly TimelineEntry[];
  readonly failovers: readonly Failover[];
  /** Things the reader should know about the data (torn journal, counters that went back, …). */
  readonly notes: readonly string[];
}
