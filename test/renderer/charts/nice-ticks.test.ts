// Round axis ticks, in the unit the reader sees.
import { describe, expect, it } from 'vitest';
import {
  axisLabel,
  niceRateTicks,
  niceStep,
  niceTicks,
} from '../../../renderer/src/charts/nice-ticks.js';
import { formatRate } from '../../../renderer/src/format/units.js';

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(0.44e6)).toBe(0.5e6);
    expect(niceStep(219_000)).toBe(250_000);
    expect(niceStep(1.1)).toBe(2);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(1000)).toBe(1000);
  });
});

describe('niceTicks', () => {
  it('puts ticks at 0, 0.5, 1, 1.5 M for a 1.32 M peak', () => {
    expect(niceTicks(1.32e6)).toEqual({ max: 1.5e6, ticks: [0, 0.5e6, 1e6, 1.5e6] });
  });

  it('puts ticks at 0, 250, 500, 750 k for a 658 k peak', () => {
    expect(niceTicks(658_000)).toEqual({ max: 750_000, ticks: [0, 250_000, 500_000, 750_000] });
  });

  it('ends exactly at a round peak and avoids float drift', () => {
    expect(niceTicks(40e6)).toEqual({ max: 40e6, ticks: [0, 20e6, 40e6] });
    expect(niceTicks(0.3)).toEqual({ max: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
  });

  it('gives only the zero line when idle or not a number', () => {
    expect(niceTicks(0)).toEqual({ max: 1, ticks: [0] });
    expect(niceTicks(Number.NaN)).toEqual({ max: 1, ticks: [0] });
  });
});

describe('niceRateTicks', () => {
  it('is round in bit/s for a rate chart in bits', () => {
    // 1.32 Mbit/s = 165 000 B/s.
    const scale = niceRateTicks(165_000, 8);
    expect(scale.ticks.map((t) => formatRate(t, 'bits'))).toEqual([
      '0 bit/s',
      '500 kbit/s',
      '1.00 Mbit/s',
      '1.50 Mbit/s',
    ]);
  });

  it('is round in B/s for a rate chart in bytes', () => {
    const scale = niceRateTicks(165_000, 1);
    expect(scale.ticks.map((t) => formatRate(t, 'bytes'))).toEqual([
      '0 B/s',
      '100 kB/s',
      '200 kB/s',
    ]);
  });
});

describe('axisLabel', () => {
  it('drops the trailing zeros of round labels only', () => {
    expect(axisLabel('4.00 Mbit/s')).toBe('4 Mbit/s');
    expect(axisLabel('2.50 Mbit/s')).toBe('2.5 Mbit/s');
    expect(axisLabel('1.25 Mbit/s')).toBe('1.25 Mbit/s');
    expect(axisLabel('500 kbit/s')).toBe('500 kbit/s');
    expect(axisLabel('0 bit/s')).toBe('0 bit/s');
  });
});
