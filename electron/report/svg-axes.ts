// Axis ticks for the report's charts: round rate steps labelled in one unit (bits per second, SI),
// and time ticks on round clock times (UTC). Pure.
import { formatClock, rateScale, significant } from './units.js';

/** A tick on an axis: where (in data units) and its label. */
export interface AxisTick {
  readonly value: number;
  readonly label: string;
}

/** A rate axis: its top in bytes/s and ticks (values in bytes/s, labels in bit/s units). */
export interface RateAxis {
  readonly max: number;
  readonly ticks: readonly AxisTick[];
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ x. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= x * (1 - 1e-9)) return m * power;
  }
  return 10 * power;
}

/** About `count` round steps from 0 to at least `maxBytesPerSecond`; an all-zero series gets 1 kbit/s. */
export function rateAxis(maxBytesPerSecond: number, count = 4): RateAxis {
  const maxBits = maxBytesPerSecond > 0 ? maxBytesPerSecond * 8 : 1000;
  const step = niceStep(maxBits / count);
  const top = Math.max(step, Math.ceil(maxBits / step - 1e-9) * step);
  const scale = rateScale(top);
  const ticks: AxisTick[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    const label = v === 0 ? '0' : `${significant(v / scale.bitsPerUnit)} ${scale.unit}`;
    ticks.push({ value: v / 8, label });
  }
  return { max: top / 8, ticks };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const TIME_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/** Ticks on round UTC clock times between `start` and `end` (ms), at most about `count`. */
export function timeTicks(start: number, end: number, count = 6): AxisTick[] {
  const span = Math.max(end - start, SECOND);
  const step =
    TIME_STEPS.find((s) => span / s <= count) ?? 24 * HOUR * Math.ceil(span / (count * 24 * HOUR));
  const withSeconds = step < MINUTE;
  const ticks: AxisTick[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    ticks.push({ value: t, label: formatClock(t, withSeconds) });
  }
  return ticks;
}
