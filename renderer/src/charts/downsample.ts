// Min/max downsampling for live charts: never more points than pixels, and the peaks survive
// (a plain stride would drop a one-second spike). Pure: arrays in, arrays out.

/** A series reduced to at most `maxPoints` points, times still increasing. */
export interface Downsampled {
  /** ms since the epoch (or any increasing x), oldest first. */
  readonly time: number[];
  /** The kept values, same unit as the input (bytes/s for rate series). */
  readonly values: number[];
}

/**
 * Indices (increasing) of the points to keep so that at most `maxPoints` remain: the first and
 * the last point, and for each bucket between them its minimum and its maximum in index order.
 * Returns every index when the series already fits.
 */
export function downsampleIndices(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  const budget = Math.floor(maxPoints);
  if (n === 0 || budget <= 0) return [];
  if (n <= budget) return Array.from({ length: n }, (_, i) => i);
  if (budget === 1) return [n - 1];
  const buckets = Math.floor((budget - 2) / 2);
  const kept: number[] = [0];
  const inner = n - 2; // indices 1 … n-2 are shared among the buckets
  for (let b = 0; b < buckets; b += 1) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets); // exclusive
    if (end <= start) continue;
    let minAt = start;
    let maxAt = start;
    for (let i = start + 1; i < end; i += 1) {
      const v = values[i] ?? 0;
      if (v < (values[minAt] ?? 0)) minAt = i;
      if (v > (values[maxAt] ?? 0)) maxAt = i;
    }
    if (minAt === maxAt) kept.push(minAt);
    else kept.push(Math.min(minAt, maxAt), Math.max(minAt, maxAt));
  }
  kept.push(n - 1);
  return kept;
}

/**
 * Reduces (time, values) to at most `maxPoints` points keeping each bucket's min and max, the
 * first and the last point; `time` must be increasing and as long as `values`.
 */
export function downsampleMinMax(
  time: readonly number[],
  values: readonly number[],
  maxPoints: number,
): Downsampled {
  const length = Math.min(time.length, values.length);
  const trimmed = values.length === length ? values : values.slice(0, length);
  const indices = downsampleIndices(trimmed, maxPoints);
  return {
    time: indices.map((i) => time[i] ?? 0),
    values: indices.map((i) => trimmed[i] ?? 0),
  };
}
