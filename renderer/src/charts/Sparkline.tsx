// A tiny SVG line for table rows: no recharts (hundreds of rows must stay cheap), at most one
// point per 2 pixels (min/max downsampled), memoised on its inputs.
import { memo } from 'react';
import { downsampleIndices } from './downsample.js';

export interface SparklineProps {
  /** Oldest first; any non-negative unit (bytes/s for rates). */
  readonly values: readonly number[];
  /** Pixels. */
  readonly width: number;
  /** Pixels. */
  readonly height: number;
  /** Accessible name; the sparkline is decorative (aria-hidden) without one. */
  readonly label?: string;
  /** Stroke colour; a CSS colour or var(). */
  readonly color?: string;
  /** Value mapped to the top edge; defaults to the largest value shown. */
  readonly max?: number;
}

/** One decimal: enough for a 1.5 px stroke, and cheaper than toFixed in hundreds of rows. */
const tenth = (v: number): number => Math.round(v * 10) / 10;

/**
 * The SVG path of `values` scaled into width × height (1 px inset so the stroke is not cut),
 * one point per 2 px at most (min/max downsampled: peaks stay).
 */
export function sparklinePath(
  values: readonly number[],
  width: number,
  height: number,
  max?: number,
): string {
  const indices = downsampleIndices(values, Math.max(2, Math.floor(width / 2)));
  if (indices.length === 0) return '';
  let top = max ?? 0;
  if (max === undefined) for (const i of indices) top = Math.max(top, values[i] ?? 0);
  const scale = top > 0 ? (height - 2) / top : 0;
  const last = values.length - 1;
  const step = last > 0 ? (width - 2) / last : 0;
  let d = '';
  for (let k = 0; k < indices.length; k += 1) {
    const i = indices[k] ?? 0;
    const x = last > 0 ? 1 + i * step : width / 2;
    const y = height - 1 - Math.max(0, values[i] ?? 0) * scale;
    d += `${k === 0 ? 'M' : ' L'}${tenth(x)},${tenth(y)}`;
  }
  return d;
}

function SparklineImpl({ values, width, height, label, color, max }: SparklineProps) {
  const d = sparklinePath(values, width, height, max);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role={label === undefined ? undefined : 'img'}
      aria-label={label}
      aria-hidden={label === undefined ? true : undefined}
      focusable="false"
    >
      {d !== '' && (
        <path
          d={d}
          fill="none"
          stroke={color ?? 'var(--color-series-1, #3b82f6)'}
          strokeWidth={1.5}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}

/** `<Sparkline values width height />`: a tiny SVG line of the last values. */
export const Sparkline = memo(SparklineImpl);
