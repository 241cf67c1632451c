import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../../renderer/src/charts/time-ticks.js';

const T = 1_760_000_000_000; // a multiple of 10 s

describe('timeTicks', () => {
  it('puts ticks on round steps inside the range, at most maxTicks', () => {
    const ticks = timeTicks(T + 1_234, T + 61_234, 6);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every((t) => t % 15_000 === 0)).toBe(true);
    expect(ticks[0]).toBeGreaterThanOrEqual(T + 1_234);
    expect(ticks.at(-1)).toBeLessThanOrEqual(T + 61_234);
  });

  it('keeps the same ticks as the window slides by a second', () => {
    const a = timeTicks(T, T + 600_000, 8);
    const b = timeTicks(T + 1_000, T + 601_000, 8);
    expect(b.filter((t) => t <= T + 600_000)).toEqual(a.filter((t) => t >= T + 1_000));
    expect(a.length).toBeLessThanOrEqual(8);
    expect(a.every((t) => t % 120_000 === 0)).toBe(true);
  });

  it('returns nothing for an empty range', () => {
    expect(timeTicks(T, T, 5)).toEqual([]);
    expect(timeTicks(T, T + 1000, 0)).toEqual([]);
  });
});
