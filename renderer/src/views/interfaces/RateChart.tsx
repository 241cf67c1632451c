// One direction of one interface over the chosen window: a recharts area, animation off, the
// x range fixed to the window so it scrolls steadily, and never more points than pixels.
import { memo, useEffect, useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, YAxis, XAxis } from 'recharts';
import { downsampleMinMax } from '../../charts/downsample.js';
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
  /** Accessible description of the chart. */
  readonly label: string;
}

/** Pixels: taller on tall screens (2560×1440), compact at 768 px. */
const HEIGHT = 72;
const TALL_HEIGHT = 110;
const TALL_QUERY = '(min-height: 1100px)';

function tallQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(TALL_QUERY) : null;
}

/** The chart height for the window's height, following resizes. */
function useChartHeight(): number {
  const [tall, setTall] = useState(() => tallQuery()?.matches ?? false);
  useEffect(() => {
    const query = tallQuery();
    if (query === null) return;
    const onChange = () => {
      setTall(query.matches);
    };
    query.addEventListener('change', onChange);
    return () => {
      query.removeEventListener('change', onChange);
    };
  }, []);
  return tall ? TALL_HEIGHT : HEIGHT;
}
const Y_AXIS_WIDTH = 84;
const AXIS_TICK = { fontSize: 11, fill: 'var(--color-muted)' };

/** Chart rows for the points inside [since, until], at most `maxPoints` of them. */
export function chartRows(
  time: readonly number[],
  values: readonly number[],
  since: number,
  maxPoints: number,
): { time: number; value: number }[] {
  let first = 0;
  while (first < time.length && (time[first] ?? 0) < since) first += 1;
  // Keep one point before the window so the area reaches its left edge.
  const from = Math.max(0, first - 1);
  const reduced = downsampleMinMax(time.slice(from), values.slice(from), maxPoints);
  return reduced.time.map((t, i) => ({ time: t, value: reduced.values[i] ?? 0 }));
}

/** A tick label that never wraps between number and unit. */
function tickText(bytesPerSecond: number, units: Units): string {
  return formatRate(bytesPerSecond, units).replace(' ', '\u00a0');
}

function RateChartImpl({ time, values, since, until, units, color, label }: RateChartProps) {
  const [ref, width] = useElementWidth();
  const height = useChartHeight();
  const plotWidth = Math.max(2, width - Y_AXIS_WIDTH);
  const rows = useMemo(
    () => chartRows(time, values, since, plotWidth),
    [time, values, since, plotWidth],
  );
  const idle = rows.every((r) => r.value <= 0);
  return (
    <div ref={ref} className="rate-chart" role="img" aria-label={label} style={{ height }}>
      {width > 0 && (
        <AreaChart
          width={width}
          height={height}
          data={rows}
          margin={{ top: 4, right: 4, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke="var(--color-grid)" />
          <XAxis dataKey="time" type="number" domain={[since, until]} allowDataOverflow hide />
          <YAxis
            width={Y_AXIS_WIDTH}
            domain={[0, (max: number) => (max > 0 ? max : 1)]}
            tickCount={3}
            ticks={idle ? [0] : undefined}
            tickFormatter={(v: number) => tickText(v, units)}
            tick={AXIS_TICK}
            axisLine={false}
            tickLine={false}
          />
          <Area
            dataKey="value"
            type="linear"
            stroke={color}
            strokeWidth={1.5}
            fill={color}
            fillOpacity={0.25}
            isAnimationActive={false}
            dot={false}
            activeDot={false}
          />
        </AreaChart>
      )}
    </div>
  );
}

/** `<RateChart time values since until units color label />`. */
export const RateChart = memo(RateChartImpl);
