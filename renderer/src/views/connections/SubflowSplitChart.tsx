// The stacked area chart of how one connection's traffic (sent + received) splits across its
// subflows over time: one band per subflow, oldest at the bottom, animation off, at most one
// point per pixel. A failover shows as one band thinning while another grows.
import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { RateSeries } from '../../../../electron/contract.js';
import { axisLabel, niceRateTicks } from '../../charts/nice-ticks.js';
import { clockTime } from '../../charts/time-text.js';
import { timeTicks } from '../../charts/time-ticks.js';
import { useElementWidth } from '../../charts/use-element-width.js';
import { splitChartHeight, useViewportHeight } from '../../charts/viewport-height.js';
import { formatRate } from '../../format/units.js';
import type { Units } from '../../store/store.js';
import { prepareStackedRows, type StackedBand } from './stacked-series.js';

export interface SubflowSplitChartProps {
  readonly bands: readonly StackedBand[];
  /** The series of each band, same order. */
  readonly series: readonly RateSeries[];
  /** Oldest time shown (ms since the epoch). */
  readonly since: number;
  readonly units: Units;
}

/** Pixels. */
const Y_AXIS_WIDTH = 88;

const AXIS_STYLE = { fontSize: 12, fill: 'var(--color-muted, #6b7280)' };

/** A band's name in the legend and tooltip: its interface, or its addresses when unknown. */
export function bandName(band: StackedBand): string {
  const name = band.interface ?? 'unknown interface';
  return band.closed ? `${name} (closed)` : name;
}

function SubflowSplitChartImpl({ bands, series, since, units }: SubflowSplitChartProps) {
  const [plotRef, width] = useElementWidth();
  const height = splitChartHeight(useViewportHeight());
  const plotWidth = Math.max(1, width - Y_AXIS_WIDTH);
  const rows = useMemo(
    () => prepareStackedRows(series, plotWidth, since),
    [series, plotWidth, since],
  );
  const first = rows[0]?.time ?? 0;
  const last = rows[rows.length - 1]?.time ?? 0;
  const ticks = useMemo(
    () => timeTicks(first, last, Math.max(2, Math.floor(plotWidth / 140))),
    [first, last, plotWidth],
  );
  // Round y ticks in the unit shown, up to the highest stacked total.
  const yScale = useMemo(() => {
    let peak = 0;
    for (const row of rows) {
      let total = 0;
      for (const band of bands) total += row[band.dataKey] ?? 0;
      if (total > peak) peak = total;
    }
    return niceRateTicks(peak, units === 'bits' ? 8 : 1, 4);
  }, [rows, bands, units]);
  const names = useMemo(() => new Map(bands.map((b) => [b.dataKey, bandName(b)])), [bands]);

  return (
    <figure className="split-chart">
      <figcaption>Traffic by subflow (sent + received, stacked)</figcaption>
      <div ref={plotRef} className="split-chart-plot" style={{ height }}>
        {rows.length < 2 ? (
          <p className="split-chart-wait">Collecting samples: the chart starts after two ticks.</p>
        ) : (
          width > 0 && (
            <AreaChart
              width={width}
              height={height}
              data={rows}
              margin={{ top: 8, right: 32, bottom: 0, left: 0 }}
              accessibilityLayer={false}
            >
              <CartesianGrid vertical={false} stroke="var(--color-grid, #e5e7eb)" />
              <XAxis
                dataKey="time"
                type="number"
                domain={['dataMin', 'dataMax']}
                ticks={ticks}
                interval={0}
                tickFormatter={(t: number) => clockTime(t)}
                tick={AXIS_STYLE}
                stroke="var(--color-border, #d1d5db)"
              />
              <YAxis
                width={Y_AXIS_WIDTH}
                domain={[0, yScale.max]}
                ticks={[...yScale.ticks]}
                interval={0}
                tickFormatter={(v: number) => axisLabel(formatRate(v, units))}
                tick={AXIS_STYLE}
                stroke="var(--color-border, #d1d5db)"
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => clockTime(Number(t))}
                formatter={(value, dataKey) => [
                  formatRate(Number(value), units),
                  names.get(String(dataKey)) ?? String(dataKey),
                ]}
                contentStyle={{
                  background: 'var(--color-surface, #fff)',
                  border: '1px solid var(--color-border, #d1d5db)',
                  color: 'var(--color-text, #111827)',
                }}
              />
              {bands.map((band) => (
                <Area
                  key={band.key}
                  dataKey={band.dataKey}
                  name={bandName(band)}
                  stackId="subflows"
                  type="linear"
                  stroke={band.color}
                  strokeDasharray={band.closed ? '4 3' : undefined}
                  fill={band.color}
                  fillOpacity={band.closed ? 0.2 : 0.55}
                  isAnimationActive={false}
                  dot={false}
                  activeDot={false}
                />
              ))}
            </AreaChart>
          )
        )}
      </div>
      <ul className="split-legend" aria-label="Subflows in the chart">
        {bands.map((band) => (
          <li key={band.key} className={band.closed ? 'is-closed' : undefined}>
            <span className="swatch" style={{ background: band.color }} aria-hidden="true" />
            <span className="legend-name">{band.interface ?? 'unknown interface'}</span>
            <span className="legend-addresses">{band.addresses}</span>
            {band.closed && <span className="badge badge-closed">closed</span>}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** `<SubflowSplitChart bands series since units />`. */
export const SubflowSplitChart = memo(SubflowSplitChartImpl);
