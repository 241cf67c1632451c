// Human text for the CLI: rates and byte counts with scaled units (as nload shows them), and
// fixed-width columns. Pure.

const UNITS = ['', 'k', 'M', 'G', 'T'];

function scaled(value: number, base: number): { v: number; unit: string } {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= base && i < UNITS.length - 1) {
    v /= base;
    i++;
  }
  return { v, unit: UNITS[i] ?? '' };
}

const digits = (v: number): string =>
  v >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2);

/** Bytes per second as bit/s with SI prefixes (nload's default): 5000000 → "40.0 Mbit/s". */
export function formatBitRate(bytesPerSecond: number): string {
  const { v, unit } = scaled(bytesPerSecond * 8, 1000);
  return `${digits(v)} ${unit}bit/s`;
}

/** Bytes per second with binary prefixes: 5242880 → "5.00 MiB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  const { v, unit } = scaled(bytesPerSecond, 1024);
  return `${digits(v)} ${unit ? `${unit.toUpperCase()}iB` : 'B'}/s`;
}

/** A byte count with binary prefixes: 1536 → "1.50 KiB". */
export function formatBytes(bytes: number): string {
  const { v, unit } = scaled(bytes, 1024);
  return `${digits(v)} ${unit ? `${unit.toUpperCase()}iB` : 'B'}`;
}

/** Aligns rows into columns (left-aligned, two spaces apart); trailing spaces trimmed. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
