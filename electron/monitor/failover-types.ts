// What a detected failover is: shared by the live watch, journals, reports and metrics. The
// monitor owns the detector (failover.ts); session and report import it downward.

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
