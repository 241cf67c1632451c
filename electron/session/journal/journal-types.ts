// The data of a recorded session as readers get it back (the on-disk format is in
// journal-format.ts): a header saying where and how it was recorded, then every tick. Reports,
// replay and failover detection all take this shape, never the file.
import type { Endpoint, KernelInfo, Limits, TickUpdate } from '../../contract.js';

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

export type { Failover } from '../../monitor/failover-types.js';
