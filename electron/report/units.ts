// How reports write numbers: rates and sizes as the dashboard and the CLI write them (the shared
// electron/units.ts: SI prefixes, 1 kbit/s = 1000 bit/s as tc and iperf3 count, 1 MB = 10^6 B),
// the chart axes' scales, and times in UTC. Pure.
export { formatBitRate, formatBytes, plural, nounFor, SIZE_UNITS_NOTE } from '../units.js';

const RATE_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'] as const;

/** A rate scale: the unit and how many bit/s one of it is. */
export interface RateScale {
  readonly unit: (typeof RATE_UNITS)[number];
  readonly bitsPerUnit: number;
}

/** The largest SI unit in which `bitsPerSecond` is at least 1 (bit/s for 0). */
export function rateScale(bitsPerSecond: number): RateScale {
  let i = 0;
  let value = Math.abs(bitsPerSecond);
  while (value >= 1000 && i < RATE_UNITS.length - 1) {
    value /= 1000;
    i++;
  }
  return { unit: RATE_UNITS[i] ?? 'bit/s', bitsPerUnit: 1000 ** i };
}

/** Three significant digits at most, without trailing zeros: 39.8, 512, 1.25, 0. */
export function significant(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return value === 0 ? '0' : String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** A duration: "850 ms", "42 s", "3 min 5 s", "2 h 4 min", "1 d 3 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 === 0 ? `${min} min` : `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2024-05-01 12:34:56 UTC". */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'unknown time';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${formatClock(ms, true)} UTC`;
}

/** "12:34:56" (or "12:34" without seconds), UTC. */
export function formatClock(ms: number, seconds = true): string {
  const d = new Date(ms);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad2(d.getUTCSeconds())}` : hm;
}

/** "12:34:56.789" UTC, for event times. */
export function formatClockMs(ms: number): string {
  return `${formatClock(ms)}.${String(new Date(ms).getUTCMilliseconds()).padStart(3, '0')}`;
}
