// Statistics of one direction of a per-tick series, as nload's Curr / Avg / Min / Max / Ttl
// (definitions in report-types.ts DirectionStats). Pure.
import type { DirectionStats } from './report-types.js';

/** One tick of one direction: the rate the monitor computed and the byte counter it read. */
export interface DirectionSample {
  /** bytes/s over the tick. */
  readonly rate: number;
  /** Byte counter at the tick. */
  readonly counter: number;
  /** Whether the rate counts in Curr/Avg/Min/Max (false for a baseline tick with no rate yet). */
  readonly rated: boolean;
}

/** The statistics of `samples` (oldest first, only ticks where the entity was present). */
export function directionStats(samples: readonly DirectionSample[]): DirectionStats {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = 0;
  let current = 0;
  for (const s of samples) {
    if (!s.rated) continue;
    sum += s.rate;
    count += 1;
    min = Math.min(min, s.rate);
    max = Math.max(max, s.rate);
    current = s.rate;
  }
  return {
    current,
    average: count > 0 ? sum / count : 0,
    min: count > 0 ? min : 0,
    max,
    total: counterTotal(samples.map((s) => s.counter)),
  };
}

/**
 * Bytes a counter moved over successive readings: the sum of its increases. A reading lower than
 * the one before (a re-created interface, a reset) adds nothing, as the monitor's rates do.
 */
export function counterTotal(counters: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < counters.length; i++) {
    const delta = (counters[i] as number) - (counters[i - 1] as number);
    if (delta > 0) total += delta;
  }
  return total;
}

/** Indexes i ≥ 1 where counters[i] < counters[i − 1]. */
export function counterResets(counters: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < counters.length; i++) {
    if ((counters[i] as number) < (counters[i - 1] as number)) out.push(i);
  }
  return out;
}
