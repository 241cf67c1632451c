// The report's own small SVG chart renderer (recharts renders empty charts on the server): rate
// series over time as lines or filled areas, a rate axis in bit/s units, a UTC time axis, and
// optional vertical markers. Output is a static <svg> string; colours come from CSS classes
// (tone-N) so the page's light and dark themes apply. Pure.
import type { SeriesPoint } from './downsample.js';
import { downsampleMinMax, MAX_CHART_POINTS } from './downsample.js';
import { escapeHtml } from './html-escape.js';
import { rateAxis, timeTicks } from './svg-axes.js';

/** One series to draw: values in bytes/s. */
export interface ChartSeries {
  readonly label: string;
  /** Colour slot 0–7 (CSS classes tone-0 … tone-7). */
  readonly tone: number;
  readonly points: readonly SeriesPoint[];
  /** Fill the area under the line. */
  readonly area?: boolean;
}

/** A vertical line at a time, e.g. a failover. */
export interface ChartMarker {
  readonly t: number;
  /** A short tag drawn at the top ("F1"). */
  readonly tag: string;
  /** The full text, shown on hover. */
  readonly title: string;
}

export interface TimeChartOptions {
  /** The chart's accessible name. */
  readonly title: string;
  /** Time span of the x axis, ms since the epoch. */
  readonly start: number;
  readonly end: number;
  readonly series: readonly ChartSeries[];
  readonly markers?: readonly ChartMarker[];
  /** Size of the drawing in SVG units (it scales to its box). */
  readonly width?: number;
  readonly height?: number;
  /** Bound on the points drawn per series. */
  readonly maxPoints?: number;
}

const MARGIN = { left: 78, right: 14, top: 16, bottom: 28 } as const;
const n1 = (x: number): string => String(Math.round(x * 10) / 10);

/** An <svg> drawing of `options`. */
export function renderTimeChart(options: TimeChartOptions): string {
  const width = options.width ?? 480;
  const height = options.height ?? 190;
  const start = options.start;
  const end = options.end > start ? options.end : start + 1000;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const bottom = MARGIN.top + plotH;
  const drawn = options.series.map((s) => ({
    ...s,
    points: downsampleMinMax(s.points, options.maxPoints ?? MAX_CHART_POINTS),
  }));
  let maxValue = 0;
  for (const s of drawn)
    for (const p of s.points) if (p.v !== null) maxValue = Math.max(maxValue, p.v);
  const axis = rateAxis(maxValue);
  const x = (t: number): number => MARGIN.left + ((t - start) / (end - start)) * plotW;
  const y = (v: number): number => bottom - (Math.min(v, axis.max) / axis.max) * plotH;

  const parts: string[] = [];
  parts.push(
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
  );
  // Grid and rate labels.
  for (const tick of axis.ticks) {
    const ty = n1(y(tick.value));
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="axis-label" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(tick.label)}</text>`,
    );
  }
  // Time labels.
  for (const tick of timeTicks(start, end, Math.max(2, Math.floor(plotW / 80)))) {
    const at = x(tick.value);
    const tx = n1(at);
    // A label at either end is anchored inwards so it stays inside the drawing.
    const anchor =
      at > width - MARGIN.right - 26 ? 'end' : at < MARGIN.left + 26 ? 'start' : 'middle';
    parts.push(
      `<line class="tick" x1="${tx}" x2="${tx}" y1="${bottom}" y2="${bottom + 4}"/>`,
      `<text class="axis-label" x="${tx}" y="${bottom + 16}" text-anchor="${anchor}">${escapeHtml(tick.label)}</text>`,
    );
  }
  for (const s of drawn) {
    const segments = splitAtGaps(s.points);
    const tone = `tone-${Math.abs(Math.trunc(s.tone)) % 8}`;
    const label = `<title>${escapeHtml(s.label)}</title>`;
    if (s.area === true) {
      const d = segments.map((seg) => areaPath(seg, x, y, bottom)).join(' ');
      if (d !== '') parts.push(`<path class="area ${tone}" d="${d}">${label}</path>`);
    }
    const d = segments.map((seg) => linePath(seg, x, y)).join(' ');
    if (d !== '') parts.push(`<path class="line ${tone}" d="${d}">${label}</path>`);
  }
  for (const m of options.markers ?? []) {
    if (m.t < start || m.t > end) continue;
    const mx = n1(x(m.t));
    parts.push(
      `<g class="marker"><title>${escapeHtml(m.title)}</title>`,
      `<line x1="${mx}" x2="${mx}" y1="${MARGIN.top}" y2="${bottom}"/>`,
      `<text class="marker-tag" x="${mx}" y="${MARGIN.top - 3}" text-anchor="middle">${escapeHtml(m.tag)}</text></g>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${bottom}" y2="${bottom}"/>`,
    `<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}"/>`,
    '</svg>',
  );
  return parts.join('');
}

type Scale = (value: number) => number;
type Drawable = { readonly t: number; readonly v: number };

/** Runs of consecutive non-null points. */
export function splitAtGaps(points: readonly SeriesPoint[]): Drawable[][] {
  const out: Drawable[][] = [];
  let run: Drawable[] = [];
  for (const p of points) {
    if (p.v === null) {
      if (run.length > 0) out.push(run);
      run = [];
    } else {
      run.push({ t: p.t, v: p.v });
    }
  }
  if (run.length > 0) out.push(run);
  return out;
}

function linePath(seg: readonly Drawable[], x: Scale, y: Scale): string {
  const first = seg[0];
  if (!first) return '';
  // A lone point still shows: a short horizontal stroke.
  if (seg.length === 1) return `M${n1(x(first.t) - 2)},${n1(y(first.v))}h4`;
  return seg.map((p, i) => `${i === 0 ? 'M' : 'L'}${n1(x(p.t))},${n1(y(p.v))}`).join('');
}

function areaPath(seg: readonly Drawable[], x: Scale, y: Scale, base: number): string {
  const first = seg[0];
  const last = seg[seg.length - 1];
  if (!first || !last || seg.length < 2) return '';
  const top = seg.map((p) => `L${n1(x(p.t))},${n1(y(p.v))}`).join('');
  return `M${n1(x(first.t))},${n1(base)}${top}L${n1(x(last.t))},${n1(base)}Z`;
}
