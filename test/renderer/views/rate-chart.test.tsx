// The interface rate chart: its pure scale and path functions, and what it renders (an image
// with its label, an SVG path when there is data, a bare baseline when there is none).
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RateChart,
  ratePath,
  rateScale,
  windowMax,
} from '../../../renderer/src/views/interfaces/RateChart.js';

/** The (x, y) pairs of a path's data ("M1,2L3,4…", optional closing Z). */
function points(d: string): [number, number][] {
  return d
    .replace(/^M/, '')
    .replace(/Z$/, '')
    .split('L')
    .map((p) => p.split(',').map(Number) as [number, number]);
}

const T0 = 1_700_000_000_000;

describe('ratePath', () => {
  it('maps since..until to 0..width and 0..max to height..0', () => {
    const time = [T0, T0 + 5_000, T0 + 10_000];
    const { line, area } = ratePath(time, [0, 50, 100], T0, T0 + 10_000, 200, 50, 100);
    expect(points(line)).toEqual([
      [0, 50],
      [100, 25],
      [200, 0],
    ]);
    // The area starts and ends on the baseline under the first and last points.
    expect(points(area)[0]).toEqual([0, 50]);
    expect(points(area).at(-1)).toEqual([200, 50]);
    expect(area.endsWith('Z')).toBe(true);
  });

  it('keeps at most one point per pixel, all inside the box, peaks included', () => {
    const n = 600;
    const time = Array.from({ length: n }, (_, i) => T0 + i * 1000);
    const values = Array.from({ length: n }, (_, i) => (i === 301 ? 9_000 : 1000 + (i % 7)));
    const width = 120;
    const result = ratePath(time, values, T0, T0 + (n - 1) * 1000, width, 60, 10_000);
    const xy = points(result.line);
    expect(result.points).toBe(xy.length);
    expect(xy.length).toBeLessThanOrEqual(width);
    expect(xy.length).toBeGreaterThan(width / 2);
    for (const [x, y] of xy) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(60);
    }
    expect(xy[0]?.[0]).toBe(0);
    expect(xy.at(-1)?.[0]).toBe(width);
    // The one-second spike survives downsampling: 9000 of 10000 → y = 6.
    expect(Math.min(...xy.map(([, y]) => y))).toBeCloseTo(6, 1);
  });

  it('cuts the point before the window at the left edge and ignores older ones', () => {
    const time = [T0 - 20_000, T0 - 10_000, T0 + 10_000, T0 + 20_000];
    const xy = points(ratePath(time, [999, 0, 100, 100], T0, T0 + 20_000, 100, 10, 100).line);
    // Halfway between 0 (at -10 s) and 100 (at +10 s): 50 → y = 5, at x = 0.
    expect(xy).toEqual([
      [0, 5],
      [50, 0],
      [100, 0],
    ]);
  });

  it('draws nothing for an empty series or a window with no point in it', () => {
    expect(ratePath([], [], T0, T0 + 60_000, 300, 50, 1)).toEqual({
      line: '',
      area: '',
      points: 0,
    });
    expect(ratePath([T0 - 5_000], [10], T0, T0 + 60_000, 300, 50, 1).line).toBe('');
    expect(ratePath([T0], [10], T0, T0 + 60_000, 0, 50, 1).line).toBe('');
  });
});

describe('rateScale and windowMax', () => {
  it('tops the scale at the first round value above the peak, in the unit shown', () => {
    // 5 MB/s = 40 Mbit/s: round in bit/s.
    expect(rateScale(5_000_000, 'bits')).toEqual({
      max: 5_000_000,
      ticks: [0, 2_500_000, 5_000_000],
    });
    // 1.32 Mbit/s (165 kB/s) → 0, 1, 2 Mbit/s with two intervals.
    expect(rateScale(165_000, 'bits')).toEqual({ max: 250_000, ticks: [0, 125_000, 250_000] });
    expect(rateScale(165_000, 'bytes')).toEqual({ max: 200_000, ticks: [0, 100_000, 200_000] });
  });

  it('shows only the zero line when idle', () => {
    expect(rateScale(0)).toEqual({ max: 1, ticks: [0] });
  });

  it('takes the window maximum from the points inside the window only', () => {
    expect(windowMax([T0 - 1, T0, T0 + 1], [900, 5, 7], T0)).toBe(7);
    expect(windowMax([], [], T0)).toBe(0);
  });
});

describe('<RateChart>', () => {
  beforeEach(() => {
    // jsdom has no layout: give the chart's box a width so it draws.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      width: 400,
      height: 72,
    } as DOMRect);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is an image with its label and draws the series with y labels and units', () => {
    const time = Array.from({ length: 60 }, (_, i) => T0 + i * 1000);
    const values = time.map(() => 5_000_000);
    render(
      <RateChart
        time={time}
        values={values}
        since={T0}
        until={T0 + 59_000}
        units="bits"
        color="#2a7"
        label="Incoming rate of red-c over the last 60 s, now 40.0 Mbit/s"
      />,
    );
    const chart = screen.getByRole('img', {
      name: 'Incoming rate of red-c over the last 60 s, now 40.0 Mbit/s',
    });
    const paths = chart.querySelectorAll('path');
    expect(paths).toHaveLength(2);
    for (const p of paths) expect(p.getAttribute('d')).toMatch(/^M\d/);
    const labels = [...chart.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toEqual(['0\u00a0bit/s', '20\u00a0Mbit/s', '40\u00a0Mbit/s']);
    for (const t of chart.querySelectorAll('text'))
      expect(t.getAttribute('text-anchor')).toBe('end');
  });

  it('shows a calm empty state (the zero line, no path) without data', () => {
    render(
      <RateChart
        time={[]}
        values={[]}
        since={T0}
        until={T0 + 60_000}
        units="bytes"
        color="#2a7"
        label="Outgoing rate of blue-c over the last 60 s, now —"
      />,
    );
    const chart = screen.getByRole('img', { name: /Outgoing rate of blue-c/ });
    expect(chart.querySelector('path')).toBeNull();
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['0\u00a0B/s']);
    expect(chart.querySelectorAll('line')).toHaveLength(1);
  });
});
