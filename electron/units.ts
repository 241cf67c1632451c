// The one way Subflow writes numbers for people, shared by the dashboard, the CLI and reports so
// a figure reads the same wherever it is seen. SI prefixes throughout (1 k = 1000): rates in
// bit/s, kbit/s, Mbit/s as nload, tc and iperf3 count them (or B/s, kB/s, MB/s when the user picks
// bytes), and sizes in B, kB, MB, GB — never the binary KiB/MiB, which read like the same unit but
// are 2.4–10 % larger. Three significant digits, a unit on every number. Runtime-free (no Node, no
// DOM): it sits in the contract layer, which every layer, the renderer included, may import.

/** Rates in bits (the default) or bytes per second. */
export type RateUnits = 'bits' | 'bytes';

/** What a number that cannot be shown (NaN, infinite) reads as. */
export const NO_VALUE = '—';

/** One sentence saying which size units are meant, for reports and help texts. */
export const SIZE_UNITS_NOTE =
  'Sizes use SI prefixes (1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes); rates are in bits per second (1 Mbit/s = 1,000,000 bit/s).';

const RATE_BITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s', 'Pbit/s'] as const;
const RATE_BYTES = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s', 'PB/s'] as const;
const SIZE = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

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
export function formatRate(bytesPerSecond: number, units: RateUnits = 'bits'): string {
  return units === 'bits'
    ? scaled(bytesPerSecond * 8, RATE_BITS)
    : scaled(bytesPerSecond, RATE_BYTES);
}

/** A rate given in bytes per second, in bits per second: "39.8 Mbit/s". */
export function formatBitRate(bytesPerSecond: number): string {
  return formatRate(bytesPerSecond, 'bits');
}

/** A byte count with SI prefixes: "512 B", "1.50 kB", "37.2 MB". */
export function formatBytes(bytes: number): string {
  return scaled(bytes, SIZE);
}

/**
 * The noun that goes with `count`: "failover" for 1, "failovers" otherwise (0 included). `many`
 * is the plural where adding "s" is wrong ("process", "processes").
 */
export function nounFor(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}

/** `count` and its noun: "1 failover", "2 failovers", "1,024 subflows". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${nounFor(count, one, many)}`;
}
