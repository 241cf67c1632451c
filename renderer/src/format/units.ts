// Numbers as people read them: rates scaled like nload (bit/s by default, or B/s), byte counts
// and durations. SI prefixes (1000), three significant digits, a unit on every number.
import type { Units } from '../store/store.js';

const RATE_BITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s', 'Pbit/s'] as const;
const RATE_BYTES = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s', 'PB/s'] as const;
const SIZE = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** What a number that cannot be shown (NaN, infinite) reads as. */
export const NO_VALUE = '—';

/**
 * `value` with an SI prefix from `names` (base unit first): integers below 1000 in the base
 * unit, otherwise three significant digits ("1.54", "12.3", "123"), moving up a prefix when
 * rounding reaches 1000.
 */
function scaled(value: number, names: readonly string[]): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  const sign = value < 0 ? '-' : '';
  let v = Math.abs(value);
  if (Math.round(v) < 1000) return `${sign}${Math.round(v)} ${names[0] ?? ''}`;
  let i = 0;
  while (i < names.length - 1 && Number(v.toPrecision(3)) >= 1000) {
    v /= 1000;
    i += 1;
  }
  return `${sign}${v.toPrecision(3)} ${names[i] ?? ''}`;
}

/** A rate given in bytes per second, as "12.3 Mbit/s" (bits) or "1.54 MB/s" (bytes). */
export function formatRate(bytesPerSecond: number, units: Units): string {
  return units === 'bits'
    ? scaled(bytesPerSecond * 8, RATE_BITS)
    : scaled(bytesPerSecond, RATE_BYTES);
}

/** A byte count as "1.23 GB" (SI). */
export function formatBytes(bytes: number): string {
  return scaled(bytes, SIZE);
}

/** A duration in ms as "45s", "3m 12s", "2h 05m" or "3d 4h" (negative counts as 0). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NO_VALUE;
  const total = Math.floor(Math.max(0, ms) / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86_400);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A tick interval in ms as "250 ms" or "2 s". */
export function formatInterval(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
