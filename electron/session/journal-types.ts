// The data of a recorded session as readers get it back (the on-disk format is in
// journal-format.ts): a header saying where and how it was recorded, then every tick. Reports,
// replay and failover detection all take this shape, never the file.
import type { Endpoint, KernelInfo, Limits, TickUpdate } from '../contract.js';

/** Written once, first, when recording starts. */
export interface JournalHeader {
  /** Format version of the journal file. */
  readonly version: 1;
  /** When recording started, ms since the epoch. */
  readonly startedAt: number;
  readonly hostname: string;
  readonly netns: string | null;
  readonly kernel: KernelInfo;
  /** The monitor's tick interval when recording started, ms. */
  readonly intervalMs: number;
  readonly privileged: boolean;
  readonly endpoints: readonly Endpoint[];
  readonly limits: Limits;
  /** net.mptcp.* sysctls as read at the start (name → value text). */
  readonly sysctls: Readonly<Record<string, string>>;
  /** Subflow's version that wrote the journal. */
  readonly writer: string;
}

/** A whole journal read back. */
export interface JournalContents {
  readonly header: JournalHeader;
  /** Every tick with full snapshots, oldest first. */
  readonly ticks: readonly TickUpdate[];
  /** True when the last line was torn (the writer was killed mid-write) and was skipped. */
  readonly torn: boolean;
}

/** A connection's traffic moving from one subflow to another (see failover.ts). */
export interface Failover {
  /** Connection token. */
  readonly token: string;
  /** When the carrying subflow's traffic collapsed, ms since the epoch. */
  readonly at: number;
  /**
   * Subflow that carried the traffic before, as "local → remote" text, with its interface and
   * local address (the path).
   */
  readonly from: {
    readonly subflow: string;
    readonly interface: string | null;
    readonly address: string;
  };
  /** Subflow that carried it after. */
  readonly to: {
    readonly subflow: string;
    readonly interface: string | null;
    readonly address: string;
  };
  /** How long the connection's throughput stayed below 10 % of the level before, ms. */
  readonly gapMs: number;
  /** Throughput before the collapse and after recovery, bytes/s (tx + rx). */
  readonly rateBefore: number;
  readonly rateAfter: number;
  /** What happened to the traffic, in words: "no interruption: 57 → 18.8 Mbit/s on blue-c". */
  readonly gap: string;
  /**
   * Whether the connection survived: true when still open at the end or closed in order, false
   * when a failure ended it, null when unknown (it vanished with no close information).
   */
  readonly survived: boolean | null;
  /** The survival verdict in words, with what it rests on. */
  readonly survival: string;
  /** When the path it left carried traffic again, ms since the epoch; absent if it did not. */
  readonly recoveredAt?: number;
  /** How long that path was out: recoveredAt − at, ms. */
  readonly outMs?: number;
  /**
   * When the connection was flagged for having no subflow on that path for more than 10 s
   * although the path was back (endpoint present, interface up with the address).
   */
  readonly subflowMissingAt?: number;
}
