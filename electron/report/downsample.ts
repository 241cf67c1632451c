// Downsampling a time series for a chart: at most `maxPoints` points, keeping each bucket's lowest
// and highest value (in time order) so peaks and dips survive. Gaps (null) stay gaps. Pure.

/** A point of a series: time in ms, value (null where the entity was absent). */
export interface SeriesPoint {
  readonly t: number;
  readonly v: number | null;
}

/** The default bound on points per drawn series. */
export const MAX_CHART_POINTS = 600;

/**
 * `points` (oldest first) reduced to at most `maxPoints` (≥ 2): unchanged when already small,
 * otherwise split into maxPoints/2 buckets of consecutive points, each giving its min and max
 * point (one point when they coincide; a null point when the whole bucket is a gap).
 */
export function downsampleMinMax(
  points: readonly SeriesPoint[],
  maxPoints = MAX_CHART_POINTS,
): SeriesPoint[] {
  if (points.length <= maxPoints) return [...points];
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: SeriesPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * points.length) / buckets);
    const to = Math.floor(((b + 1) * points.length) / buckets);
    let lo: SeriesPoint | undefined;
    let hi: SeriesPoint | undefined;
    let loIndex = -1;
    let hiIndex = -1;
    for (let i = from; i < to; i++) {
      const p = points[i] as SeriesPoint;
      if (p.v === null) continue;
      if (lo === undefined || p.v < (lo.v as number)) {
        lo = p;
        loIndex = i;
      }
      if (hi === undefined || p.v > (hi.v as number)) {
        hi = p;
        hiIndex = i;
      }
    }
    if (lo === undefined || hi === undefined) {
      out.push({ t: (points[from] as SeriesPoint).t, v: null });
    } else if (loIndex === hiIndex) {
      out.push(lo);
    } else {
      out.push(...(loIndex < hiIndex ? [lo, hi] : [hi, lo]));
    }
  }
  return out;
}
