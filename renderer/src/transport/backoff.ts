// When to try reconnecting: exponential backoff from 0.5 s to 10 s with ±20 % jitter, so many
// pages reconnecting to one restarted server do not all knock at the same instant.

export interface BackoffOptions {
  /** Delay before the first retry, ms. */
  readonly initialMs: number;
  /** Longest delay, ms. */
  readonly maxMs: number;
  /** Fraction of the delay added or removed at random (0.2 = ±20 %). */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, jitter: 0.2 };

/**
 * The delay (ms) before retry `attempt` (1 for the first): initialMs × 2^(attempt-1), capped at
 * maxMs, then spread by the jitter with `random` in [0, 1) (0.5 = no spread), never above maxMs.
 */
export function backoffDelay(
  attempt: number,
  random: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const spread = 1 + options.jitter * (2 * random - 1);
  return Math.round(Math.min(options.maxMs, base * spread));
}
