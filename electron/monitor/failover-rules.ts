// The thresholds of failover detection, shared by the detector (failover.ts), its follow-up
// (failover-followup.ts) and the live watch.

/** The window of the level before a collapse and of the takeover after recovery, ms. */
export const LEVEL_WINDOW_MS = 5000;
/** A collapse / stall is below this fraction of the level. */
export const COLLAPSE_RATIO = 0.1;
/** Below this median throughput (bytes/s) a connection is idle: not watched for failovers. */
export const MIN_LEVEL = 10_000;
