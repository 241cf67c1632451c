// Rates from two readings of a byte counter: the guard rails that keep a reset, a reused key, a
// first sample or a clock that did not advance from ever showing a negative or absurd rate. Pure.

/** Two counters read at one monotonic instant (bytes, and ms of the sample's monotonic clock). */
export interface CounterReading {
  /** Monotonic time of the reading, ms (RawSample.monotonicMs). */
  readonly t: number;
  /** Bytes sent (or acknowledged) so far. */
  readonly tx: number;
  /** Bytes received so far. */
  readonly rx: number;
}

/**
 * Above this a delta is a discontinuity (a counter that jumped: a reused key, 32-bit statistics
 * replaced by 64-bit ones), not traffic: 50 GB/s is 400 Gbit/s, more than any single link.
 */
export const MAX_PLAUSIBLE_RATE = 50e9;

/**
 * Bytes per second between two readings of one counter; 0 for a first reading (no previous),
 * an elapsed time ≤ 0, a counter that went down, a non-finite value or an implausible jump.
 */
export function counterRate(
  previous: number | undefined,
  previousMs: number,
  current: number,
  currentMs: number,
): number {
  if (previous === undefined) return 0;
  const elapsedMs = currentMs - previousMs;
  if (!(elapsedMs > 0)) return 0;
  const delta = current - previous;
  if (!(delta > 0)) return 0;
  const rate = (delta * 1000) / elapsedMs;
  return Number.isFinite(rate) && rate <= MAX_PLAUSIBLE_RATE ? rate : 0;
}

/** tx and rx rates (bytes/s) of `current` against `previous` (absent = first reading). */
export function readingRates(
  previous: CounterReading | undefined,
  current: CounterReading,
): { readonly txRate: number; readonly rxRate: number } {
  if (previous === undefined) return { txRate: 0, rxRate: 0 };
  return {
    txRate: counterRate(previous.tx, previous.t, current.tx, current.t),
    rxRate: counterRate(previous.rx, previous.t, current.rx, current.t),
  };
}
