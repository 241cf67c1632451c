// What expanding a connection shows: its subflows and the stacked chart of how its traffic
// splits across them. Only the expanded connection has one, so its per-tick cost is paid once.
import { useMemo } from 'react';
import type { RateSeries, Subflow } from '../../../../electron/contract.js';
import { useInterfaceColors } from '../../charts/interface-colors.js';
import { subflowKey } from '../../store/keys.js';
import { useSubflowStore } from '../../store/store.js';
import { connectionSeriesKeys, describeBands } from './stacked-series.js';
import { SubflowSplitChart } from './SubflowSplitChart.js';
import { SubflowTable } from './SubflowTable.js';

const NO_SUBFLOWS: readonly Subflow[] = [];
const EMPTY_SERIES: RateSeries = { time: [], rx: [], tx: [] };

/** `<ConnectionDetail token />`: subflows and traffic split of connection `token`. */
export function ConnectionDetail({ token }: { token: string }) {
  const subflows = useSubflowStore(
    (s) => s.snapshot?.connections.find((c) => c.token === token)?.subflows ?? NO_SUBFLOWS,
  );
  const subflowSeries = useSubflowStore((s) => s.subflowSeries);
  const events = useSubflowStore((s) => s.events);
  const units = useSubflowStore((s) => s.settings.units);
  const windowSeconds = useSubflowStore((s) => s.settings.windowSeconds);
  const now = useSubflowStore((s) => s.snapshot?.time ?? 0);

  const live = useMemo(
    () => new Map(subflows.map((sf) => [subflowKey(token, sf), sf] as const)),
    [token, subflows],
  );
  const keys = useMemo(() => {
    const withSeries = connectionSeriesKeys(token, subflowSeries);
    const known = new Set(withSeries);
    return [...withSeries, ...[...live.keys()].filter((k) => !known.has(k))];
  }, [token, subflowSeries, live]);
  const colorOf = useInterfaceColors();
  const bands = useMemo(
    () => describeBands(keys, live, events, colorOf),
    [keys, live, events, colorOf],
  );
  const series = useMemo(
    () => keys.map((k) => subflowSeries[k] ?? EMPTY_SERIES),
    [keys, subflowSeries],
  );

  return (
    <div className="connection-detail">
      {bands.length === 0 ? (
        <p className="connections-note">This connection has no subflow right now.</p>
      ) : (
        <SubflowTable bands={bands} live={live} events={events} units={units} />
      )}
      <SubflowSplitChart
        bands={bands}
        series={series}
        since={now - windowSeconds * 1000}
        units={units}
      />
    </div>
  );
}
