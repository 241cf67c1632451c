// A labelled gauge set whole every tick: the series of this tick get their values, series seen
// before but absent now read 0 while they still make sense (so graphs show a drop, not a gap)
// and are removed once they do not (their interface is gone).
import type { Gauge, LabelValues } from 'prom-client';

/** One series' labels and value. */
export interface SeriesValue<L extends string> {
  readonly labels: LabelValues<L>;
  readonly value: number;
}

/** Writes whole ticks of values into one labelled gauge. */
export class GaugeSeries<L extends string> {
  private previous = new Map<string, LabelValues<L>>();

  constructor(private readonly gauge: Gauge<L>) {}

  /**
   * Sets every series in `values` (key → labels and value); a series set before and missing
   * now is set to 0 if `keep(labels)`, else removed.
   */
  publish(
    values: ReadonlyMap<string, SeriesValue<L>>,
    keep: (labels: LabelValues<L>) => boolean,
  ): void {
    const all = new Map(values);
    for (const [key, labels] of this.previous) {
      if (all.has(key)) continue;
      if (keep(labels)) all.set(key, { labels, value: 0 });
      else this.gauge.remove(labels);
    }
    const next = new Map<string, LabelValues<L>>();
    for (const [key, { labels, value }] of all) {
      this.gauge.set(labels, value);
      next.set(key, labels);
    }
    this.previous = next;
  }
}

/** Adds `by` to the series `key` of `values`, creating it with `labels`. */
export function addTo<L extends string>(
  values: Map<string, SeriesValue<L>>,
  key: string,
  labels: LabelValues<L>,
  by = 1,
): void {
  values.set(key, { labels, value: (values.get(key)?.value ?? 0) + by });
}
