// Numbers as people read them: rates and sizes come from the one formatting module the CLI and
// reports use too (electron/units.ts: SI prefixes, three significant digits, a unit on every
// number), so the dashboard, `subflow snapshot` and a report write the same figure the same way.
// Durations and intervals are the dashboard's own, compact forms.
import { NO_VALUE } from '../../../electron/units.js';

export { formatBytes, formatRate, NO_VALUE, plural } from '../../../electron/units.js';

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
