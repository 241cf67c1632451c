// Time-axis ticks at round wall-clock steps (every 10 s, 15 s, 1 min, …): labels stay put as
// the window slides instead of shifting every tick, and a new label (which recharts must
// measure, forcing a layout) appears only once per step.

/** Steps tried, in seconds. */
const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * Tick times (ms since the epoch, increasing) inside [from, to] at the smallest round step
 * giving at most `maxTicks` ticks; none when the range is empty.
 */
export function timeTicks(from: number, to: number, maxTicks: number): number[] {
  if (!(to > from) || maxTicks < 1) return [];
  const span = to - from;
  const stepMs =
    (STEPS_S.find((s) => Math.floor(span / (s * 1000)) + 1 <= maxTicks) ??
      STEPS_S[STEPS_S.length - 1] ??
      3600) * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / stepMs) * stepMs; t <= to; t += stepMs) ticks.push(t);
  return ticks;
}
