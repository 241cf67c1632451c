// How reports write numbers: rates in bits per second with SI prefixes as nload shows them
// (bit/s, kbit/s, Mbit/s, Gbit/s; 1 kbit/s = 1000 bit/s, as tc and iperf3 count), byte counts with
// binary prefixes (B, KiB, MiB, GiB, TiB; 1 KiB = 1024 B), times in UTC. Pure.

const RATE_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'] as const;
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

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

/** A rate given in bytes per second, written in bits per second: "39.8 Mbit/s". */
export function formatBitRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  const scale = rateScale(bits);
  const shown = significant(bits / scale.bitsPerUnit);
  // 999.6 kbit/s rounds to "1000": that is 1 Mbit/s.
  const next = RATE_UNITS[RATE_UNITS.indexOf(scale.unit) + 1];
  if (shown === '1000' && next !== undefined) return `1 ${next}`;
  return `${shown} ${scale.unit}`;
}

/** A byte count with binary prefixes: "512 B", "1.5 KiB", "37.2 MiB". */
export function formatBytes(bytes: number): string {
  let i = 0;
  let value = Math.abs(bytes);
  while (value >= 1024 && i < BYTE_UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  const sign = bytes < 0 ? '-' : '';
  if (i === 0) return `${sign}${Math.round(value)} B`;
  return `${sign}${significant(value)} ${BYTE_UNITS[i] ?? 'B'}`;
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
