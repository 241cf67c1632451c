// Round axis ticks: 0, 0.5, 1, 1.5 Mbit/s rather than a line at the data's own maximum (1.32
// Mbit/s). Steps are 1, 2, 2.5 or 5 times a power of ten *in the unit the reader sees*, so a
// rate chart in bit/s and one in B/s both get round labels. Pure.

/** A y scale: its top and the tick values, bottom first, in the caller's unit. */
export interface NiceScale {
  readonly max: number;
  readonly ticks: readonly number[];
}

const STEPS = [1, 2, 2.5, 5, 10] as const;

/** The smallest round step (1, 2, 2.5, 5 × 10^k) at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = STEPS.find((s) => s * power >= raw * (1 - 1e-12)) ?? 10;
  return step * power;
}

/**
 * Ticks from 0 to the first round value at or above `peak`, about `intervals` steps apart (never
 * more than intervals + 1 steps). An empty or idle range gives just the 0 line and a top of 1.
 */
export function niceTicks(peak: number, intervals = 3): NiceScale {
  if (!(peak > 0) || !Number.isFinite(peak)) return { max: 1, ticks: [0] };
  const step = niceStep(peak / Math.max(1, intervals));
  const count = Math.max(1, Math.ceil(peak / step - 1e-9));
  // Multiplying (not adding) keeps 0.1 + 0.2-style drift out of the labels.
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks[ticks.length - 1] ?? step, ticks };
}

/**
 * `niceTicks` for a rate in bytes per second shown as bit/s (`factor` 8) or B/s (1): round in
 * the shown unit, returned in bytes per second.
 */
export function niceRateTicks(
  bytesPerSecondPeak: number,
  factor: number,
  intervals = 3,
): NiceScale {
  const shown = niceTicks(bytesPerSecondPeak * factor, intervals);
  if (shown.ticks.length === 1) return shown;
  return { max: shown.max / factor, ticks: shown.ticks.map((t) => t / factor) };
}

/** An axis label: the rate text without a round number's trailing zeros ("4.00 Mbit/s" → "4 Mbit/s"). */
export function axisLabel(rateText: string): string {
  return rateText.replace(/^(-?\d+)\.0+(?=\s)/, '$1').replace(/^(-?\d+\.\d*?[1-9])0+(?=\s)/, '$1');
}
