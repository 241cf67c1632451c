import { describe, expect, it } from 'vitest';
import { appendPoint, mergeHistory, trimSeries } from '../../../renderer/src/store/series.js';

describe('series buffers', () => {
  it('appends and bounds by point count', () => {
    let b = appendPoint(undefined, 1, 10, 20, { maxPoints: 3 });
    for (let t = 2; t <= 5; t += 1) b = appendPoint(b, t, t * 10, t * 20, { maxPoints: 3 });
    expect(b).toEqual({ time: [3, 4, 5], rx: [30, 40, 50], tx: [60, 80, 100] });
  });

  it('appends and bounds by age relative to the new point', () => {
    let b = appendPoint(undefined, 0, 1, 1, { maxAgeMs: 2000 });
    for (const t of [1000, 2000, 3000]) b = appendPoint(b, t, 1, 1, { maxAgeMs: 2000 });
    expect(b.time).toEqual([1000, 2000, 3000]);
  });

  it('never mutates the buffer it was given', () => {
    const before = { time: [1, 2], rx: [1, 2], tx: [1, 2] };
    const after = appendPoint(before, 3, 3, 3, { maxPoints: 2 });
    expect(before.time).toEqual([1, 2]);
    expect(after.time).toEqual([2, 3]);
  });

  it('cuts points at or after a time that went backwards (replay seek)', () => {
    const b = { time: [1, 2, 3, 4], rx: [1, 2, 3, 4], tx: [1, 2, 3, 4] };
    expect(appendPoint(b, 2, 9, 9, { maxPoints: 10 })).toEqual({
      time: [1, 2],
      rx: [1, 9],
      tx: [1, 9],
    });
  });

  it('trims to the same object when nothing is cut', () => {
    const b = { time: [1, 2], rx: [1, 2], tx: [1, 2] };
    expect(trimSeries(b, { maxPoints: 5 }, 2)).toBe(b);
  });

  it('merges history before the points ticks brought after it', () => {
    const history = { time: [1, 2, 3], rx: [10, 20, 30], tx: [1, 2, 3] };
    const ticks = { time: [3, 4], rx: [33, 40], tx: [3, 4] };
    expect(mergeHistory(history, ticks, { maxPoints: 10 })).toEqual({
      time: [1, 2, 3, 4],
      rx: [10, 20, 30, 40],
      tx: [1, 2, 3, 4],
    });
    expect(mergeHistory(history, undefined, { maxPoints: 2 }).time).toEqual([2, 3]);
  });
});
