// Human text for the CLI: rates and sizes as the dashboard and reports write them (the shared
// electron/units.ts: SI prefixes, "40.0 Mbit/s", "1.54 MB"), and fixed-width columns. Pure.
import { formatRate } from '../units.js';

export { formatBitRate, formatBytes, plural } from '../units.js';

/** Bytes per second in bytes: 5000000 → "5.00 MB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  return formatRate(bytesPerSecond, 'bytes');
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
