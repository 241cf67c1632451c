import { describe, expect, it } from 'vitest';
import { downsampleIndices, downsampleMinMax } from '../../../renderer/src/charts/downsample.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('downsampleMinMax', () => {
  it('returns the series unchanged when it already fits', () => {
    const out = downsampleMinMax([10, 20, 30], [1, 2, 3], 10);
    expect(out).toEqual({ time: [10, 20, 30], values: [1, 2, 3] });
  });

  it('never returns more points than asked, for many sizes', () => {
    for (const n of [5, 17, 100, 601, 3600]) {
      for (const max of [1, 2, 3, 4, 7, 50, 300]) {
        const out = downsampleMinMax(range(n), range(n), max);
        expect(out.time.length).toBeLessThanOrEqual(max);
        expect(out.values.length).toBe(out.time.length);
      }
    }
  });

  it('keeps a one-sample spike and a one-sample dip', () => {
    const values = range(1000).map(() => 50);
    values[333] = 900;
    values[777] = 2;
    const out = downsampleMinMax(range(1000), values, 40);
    expect(Math.max(...out.values)).toBe(900);
    expect(Math.min(...out.values)).toBe(2);
    expect(out.time).toContain(333);
    expect(out.time).toContain(777);
  });

  it('keeps the first and last point and strictly increasing times', () => {
    const time = range(500).map((i) => 1_700_000_000_000 + i * 1000);
    const values = range(500).map((i) => Math.sin(i / 7) * 100 + 100);
    const out = downsampleMinMax(time, values, 60);
    expect(out.time[0]).toBe(time[0]);
    expect(out.time.at(-1)).toBe(time.at(-1));
    for (let i = 1; i < out.time.length; i += 1) {
      expect(out.time[i]!).toBeGreaterThan(out.time[i - 1]!);
    }
  });

  it('handles empty input, zero budget and mismatched lengths', () => {
    expect(downsampleMinMax([], [], 10)).toEqual({ time: [], values: [] });
    expect(downsampleMinMax([1, 2], [1, 2], 0)).toEqual({ time: [], values: [] });
    expect(downsampleMinMax([1, 2, 3], [5, 6], 10)).toEqual({ time: [1, 2], values: [5, 6] });
    expect(downsampleIndices([4, 5, 6], 1)).toEqual([2]);
  });
});
