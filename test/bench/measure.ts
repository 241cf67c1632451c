// Small measuring kit for benchmarks: repeated timings, medians and a plain-text table.
// Benchmarks print figures; they never assert on time (the machine is shared and noisy).

export interface Timing {
  readonly label: string;
  readonly samplesMs: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, recording wall-clock milliseconds. */
export async function time(
  label: string,
  runs: number,
  fn: () => unknown,
  warmup = 2,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samplesMs.push(performance.now() - t0);
  }
  return { label, samplesMs };
}

/** Renders rows as an aligned text table (first row = header). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

export const ms = (v: number): string => `${v.toFixed(2)} ms`;
