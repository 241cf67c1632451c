// The report's SVG renderer, axes, downsampling and number formats: drawn paths are never empty,
// point counts stay bounded with peaks kept, and every axis label carries its unit.
import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../../electron/report/downsample.js';
import type { SeriesPoint } from '../../../electron/report/downsample.js';
import { niceStep, rateAxis, timeTicks } from '../../../electron/report/svg-axes.js';
import { renderTimeChart } from '../../../electron/report/svg-chart.js';
import {
  formatBitRate,
  formatBytes,
  formatClock,
  formatDateTime,
  formatDuration,
} from '../../../electron/report/units.js';
import { T0 } from './journal-builder.js';

const series = (values: (number | null)[], step = 1000): SeriesPoint[] =>
  values.map((v, i) => ({ t: T0 + i * step, v }));

/** The `d` of every <path> of `svg`. */
const paths = (svg: string): string[] =>
  [...svg.matchAll(/<path [^>]*d="([^"]*)"/g)].map((m) => m[1]!);
/** The coordinates of a path's commands. */
const points = (d: string): [number, number][] =>
  [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
const labels = (svg: string): string[] =>
  [...svg.matchAll(/<text class="axis-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('renderTimeChart', () => {
  it('draws a line and an area with non-empty paths and axis labels in bit/s and UTC time', () => {
    const values = Array.from({ length: 60 }, (_, i) => 5e6 * (0.5 + 0.5 * Math.sin(i / 5)));
    const svg = renderTimeChart({
      title: 'Incoming on red-c',
      start: T0,
      end: T0 + 59_000,
      series: [{ label: 'rx', tone: 0, points: series(values), area: true }],
    });
    const ds = paths(svg);
    expect(ds).toHaveLength(2);
    for (const d of ds) expect(points(d).length).toBeGreaterThan(50);
    const all = labels(svg);
    const rateLabels = all.filter((l) => /bit\/s/.test(l));
    expect(rateLabels.length).toBeGreaterThanOrEqual(3);
    expect(rateLabels.every((l) => / Mbit\/s$/.test(l))).toBe(true);
    expect(all).toContain('0');
    expect(all.filter((l) => /^\d\d:\d\d:\d\d$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('role="img"');
  });

  it('bounds the points drawn to 600 per series and keeps a one-tick peak', () => {
    const values = Array.from({ length: 20_000 }, () => 1e5);
    values[12_345] = 4e6;
    values[777] = 0;
    const svg = renderTimeChart({
      title: 'long',
      start: T0,
      end: T0 + 19_999_000,
      series: [{ label: 'rx', tone: 0, points: series(values) }],
    });
    const [d] = paths(svg);
    const drawn = points(d!);
    expect(drawn.length).toBeLessThanOrEqual(600);
    const ys = drawn.map(([, y]) => y);
    // The peak is the highest point (smallest y), the dip sits on the base line.
    expect(Math.min(...ys)).toBeLessThan(Math.min(...ys.filter((y) => y !== Math.min(...ys))));
    const axis = rateAxis(4e6);
    expect(axis.max).toBeGreaterThanOrEqual(4e6);
    expect(Math.max(...ys)).toBe(190 - 28);
  });

  it('breaks the line at gaps and still draws a lone point', () => {
    const svg = renderTimeChart({
      title: 'gaps',
      start: T0,
      end: T0 + 5000,
      series: [{ label: 'tx', tone: 1, points: series([1, 2, null, 3, null, null]) }],
    });
    const [d] = paths(svg);
    expect(d!.match(/M/g)).toHaveLength(2);
    expect(d).toMatch(/h4$/);
  });

  it('draws an all-zero series on the base line with a 1 kbit/s scale', () => {
    const svg = renderTimeChart({
      title: 'idle',
      start: T0,
      end: T0 + 3000,
      series: [{ label: 'rx', tone: 0, points: series([0, 0, 0, 0]), area: true }],
    });
    expect(paths(svg).every((d) => d !== '')).toBe(true);
    expect(labels(svg)).toContain('1 kbit/s');
  });

  it('escapes titles and series labels', () => {
    const svg = renderTimeChart({
      title: '<script>x</script>',
      start: T0,
      end: T0 + 1000,
      series: [{ label: '"><img src=x>', tone: 0, points: series([1, 2]) }],
      markers: [{ t: T0 + 500, tag: 'F1', title: '<b>' }],
    });
    expect(svg).not.toMatch(/<script|<img|<b>/);
    expect(svg).toContain('&lt;script&gt;');
  });
});

describe('downsampleMinMax', () => {
  it('returns small series unchanged and bounds large ones, keeping extremes in time order', () => {
    const small = series([3, 1, 2]);
    expect(downsampleMinMax(small, 10)).toEqual(small);
    const values = Array.from({ length: 1000 }, (_, i) => (i === 500 ? 99 : i === 10 ? -5 : 1));
    const out = downsampleMinMax(series(values), 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.some((p) => p.v === 99)).toBe(true);
    expect(out.some((p) => p.v === -5)).toBe(true);
    expect(out.map((p) => p.t)).toEqual([...out.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('keeps a bucket that is all gap as a gap', () => {
    const values: (number | null)[] = Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : null));
    const out = downsampleMinMax(series(values), 10);
    expect(out.some((p) => p.v === null)).toBe(true);
  });
});

describe('axes', () => {
  it('picks round steps and a top at or above the maximum', () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.3)).toBe(2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(3100)).toBe(5000);
    const axis = rateAxis(5e6); // 40 Mbit/s
    expect(axis.max * 8).toBe(40e6);
    expect(axis.ticks.map((t) => t.label)).toEqual([
      '0',
      '10 Mbit/s',
      '20 Mbit/s',
      '30 Mbit/s',
      '40 Mbit/s',
    ]);
  });

  it('puts time ticks on round UTC times', () => {
    const ticks = timeTicks(T0 + 1500, T0 + 61_000, 4);
    expect(ticks.map((t) => t.label)).toEqual(['10:00:15', '10:00:30', '10:00:45', '10:01:00']);
    expect(timeTicks(T0 + 1500, T0 + 61_000, 6)).toHaveLength(6);
    expect(timeTicks(T0, T0 + 3 * 3600_000)[1]!.label).toBe('10:30');
  });
});

describe('units', () => {
  it('writes rates in SI bit/s and byte counts in SI units, as the dashboard does', () => {
    expect(formatBitRate(0)).toBe('0 bit/s');
    expect(formatBitRate(100)).toBe('800 bit/s');
    expect(formatBitRate(5e6)).toBe('40.0 Mbit/s');
    expect(formatBitRate(2.5e6 * 0.994)).toBe('19.9 Mbit/s');
    expect(formatBitRate(124_960)).toBe('1.00 Mbit/s');
    expect(formatBitRate(2e9)).toBe('16.0 Gbit/s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(37.25 * 1024 ** 2)).toBe('39.1 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.22 GB');
  });

  it('writes durations and UTC times', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_440_000)).toBe('2 h 4 min');
    expect(formatDateTime(T0 + 5000)).toBe('2025-01-15 10:00:05 UTC');
    expect(formatClock(T0, false)).toBe('10:00');
  });
});
