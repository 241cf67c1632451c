// One direction of one interface over the chosen window, drawn as plain SVG by pure functions
// (no chart library, no text measurement: a fixed gutter holds the right-aligned y labels), the
// x range fixed to the window so it scrolls steadily, and never more points than pixels.
import { memo, useMemo } from 'react';
import { downsampleMinMax } from '../../charts/downsample.js';
import { axisLabel, niceRateTicks } from '../../charts/nice-ticks.js';
import { rateChartHeight, useViewportHeight } from '../../charts/viewport-height.js';
import { useElementWidth } from '../../charts/use-element-width.js';
import { formatRate } from '../../format/units.js';
import type { Units } from '../../store/store.js';

export interface RateChartProps {
  /** Oldest first, ms since the epoch. */
  readonly time: readonly number[];
  /** Bytes per second, same length as time. */
  readonly values: readonly number[];
  /** The window shown: [since, until], ms since the epoch. */
  readonly since: number;
  readonly until: number;
  readonly units: Units;
  readonly color: string;
  /** SVG stroke-dasharray of the line (outgoing is dashed); solid when undefined. */
  readonly dash?: string | undefined;
  /** Accessible description of the chart. */
  readonly label: string;
}

/** Pixels left of the plot for the y labels (right-aligned, never measured). */
const GUTTER = 72;
/** Pixels between a y label's end and the plot. */
const LABEL_GAP = 6;
/** Pixels above and below the plot so the top and bottom labels are not clipped. */
const PAD_TOP = 7;
const PAD_BOTTOM = 7;
/** Pixels right of the plot. */
const PAD_RIGHT = 4;
const LABEL_STYLE = { fill: 'var(--color-muted)' } as const;
const SVG_STYLE = { display: 'block', fontSize: 11, fontVariantNumeric: 'tabular-nums' } as const;

/** Index of the first time ≥ since (time increasing), time.length when none. */
function firstAtOrAfter(time: readonly number[], since: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] ?? 0) < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The largest value (bytes/s) at or after `since`; 0 for an empty window. */
export function windowMax(
  time: readonly number[],
  values: readonly number[],
  since: number,
): number {
  let max = 0;
  for (let i = firstAtOrAfter(time, since); i < values.length; i += 1) {
    const v = values[i] ?? 0;
    if (v > max) max = v;
  }
  return max;
}

/** The y scale: top of the plot (bytes/s) and the grid lines (bytes/s, bottom first). */
export interface RateScale {
  readonly max: number;
  readonly ticks: readonly number[];
}

/**
 * The scale from 0 to the first round value at or above the window's peak (bytes/s), with grid
 * lines at round values in the unit shown (0, 0.5, 1, 1.5 Mbit/s for a 1.32 Mbit/s peak); the
 * exact peak is the Max beside the chart. Only the 0 line when idle.
 */
export function rateScale(peak: number, units: Units = 'bits'): RateScale {
  return niceRateTicks(peak, units === 'bits' ? 8 : 1, 2);
}

/** SVG path data of a series: the line, and the area closed down to the baseline. */
export interface RatePaths {
  /** "" when there is nothing to draw. */
  readonly line: string;
  readonly area: string;
  /** Points drawn (≤ width + 2: the window's points downsampled, plus the left-edge point). */
  readonly points: number;
}

const NO_PATHS: RatePaths = { line: '', area: '', points: 0 };

/**
 * Path data for (time, values) in a `width`×`height` box (px, y down): x maps [since, until]
 * to [0, width], y maps [0, max] bytes/s to [height, 0]. At most one point per pixel (min/max
 * downsampling keeps the peaks); a point before `since` is cut at the left edge.
 */
export function ratePath(
  time: readonly number[],
  values: readonly number[],
  since: number,
  until: number,
  width: number,
  height: number,
  max: number,
): RatePaths {
  const length = Math.min(time.length, values.length);
  const first = firstAtOrAfter(time, since);
  if (first >= length || width < 1 || height <= 0 || !(until > since) || !(max > 0)) {
    return NO_PATHS;
  }
  const kept = downsampleMinMax(
    time.slice(first, length),
    values.slice(first, length),
    Math.max(1, Math.floor(width)),
  );
  const xs: number[] = [];
  const ys: number[] = [];
  const span = until - since;
  const x = (t: number) => Math.min(width, Math.max(0, ((t - since) / span) * width));
  const y = (v: number) => height - (Math.min(Math.max(v, 0), max) / max) * height;
  const before = first - 1;
  const t0 = time[before];
  const v0 = values[before];
  const t1 = kept.time[0];
  const v1 = kept.values[0];
  if (t0 !== undefined && v0 !== undefined && t1 !== undefined && v1 !== undefined && t1 > t0) {
    // The segment entering the window, cut at x = 0 so the area reaches the left edge.
    xs.push(0);
    ys.push(y(v0 + ((v1 - v0) * (since - t0)) / (t1 - t0)));
  }
  kept.time.forEach((t, i) => {
    xs.push(x(t));
    ys.push(y(kept.values[i] ?? 0));
  });
  const parts = xs.map((px, i) => `${px.toFixed(1)},${(ys[i] ?? height).toFixed(1)}`);
  const line = `M${parts.join('L')}`;
  const left = (xs[0] ?? 0).toFixed(1);
  const right = (xs[xs.length - 1] ?? 0).toFixed(1);
  const base = height.toFixed(1);
  return { line, area: `M${left},${base}L${parts.join('L')}L${right},${base}Z`, points: xs.length };
}

/** A y label that never wraps between number and unit. */
function tickText(bytesPerSecond: number, units: Units): string {
  return axisLabel(formatRate(bytesPerSecond, units)).replace(' ', '\u00a0');
}

interface PlotProps {
  readonly props: RateChartProps;
  readonly width: number;
  readonly height: number;
}

function Plot({ props, width, height }: PlotProps) {
  const { time, values, since, until, units, color, dash } = props;
  const plotWidth = Math.max(1, width - GUTTER - PAD_RIGHT);
  const plotHeight = Math.max(1, height - PAD_TOP - PAD_BOTTOM);
  const scale = useMemo(
    () => rateScale(windowMax(time, values, since), units),
    [time, values, since, units],
  );
  const paths = useMemo(
    () => ratePath(time, values, since, until, plotWidth, plotHeight, scale.max),
    [time, values, since, until, plotWidth, plotHeight, scale.max],
  );
  return (
    <svg width={width} height={height} style={SVG_STYLE} aria-hidden="true" focusable="false">
      <g transform={`translate(${GUTTER},${PAD_TOP})`}>
        {scale.ticks.map((tick) => {
          const gy = Math.round(plotHeight - (tick / scale.max) * plotHeight) + 0.5;
          return (
            <g key={tick}>
              <line
                x1={0}
                x2={plotWidth}
                y1={gy}
                y2={gy}
                stroke="var(--color-grid)"
                shapeRendering="crispEdges"
              />
              <text
                x={-LABEL_GAP}
                y={gy}
                textAnchor="end"
                dominantBaseline="middle"
                style={LABEL_STYLE}
              >
                {tickText(tick, units)}
              </text>
            </g>
          );
        })}
        {paths.line !== '' && (
          <>
            <path d={paths.area} fill={color} fillOpacity={dash ? 0.12 : 0.25} stroke="none" />
            <path
              d={paths.line}
              fill="none"
              stroke={color}
              strokeDasharray={dash}
              strokeWidth={1.5}
              strokeLinejoin="round"
            />
          </>
        )}
      </g>
    </svg>
  );
}

function RateChartImpl(props: RateChartProps) {
  const [ref, width] = useElementWidth();
  const height = rateChartHeight(useViewportHeight());
  return (
    <div ref={ref} className="rate-chart" role="img" aria-label={props.label} style={{ height }}>
      {width > 0 && <Plot props={props} width={width} height={height} />}
    </div>
  );
}

/** `<RateChart time values since until units color label />`. */
export const RateChart = memo(RateChartImpl);
