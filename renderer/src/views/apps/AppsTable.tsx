// The connections grouped by app ("By app" beside the connections table): per app its
// connections, subflows, bytes sent and received, and current rates, sortable by any column.
// The apps come from Connection.process; an unknown one says why (Snapshot.processNote).
import { useMemo, useState } from 'react';
import type { Connection } from '../../../../electron/contract.js';
import { formatBytes, formatRate, NO_VALUE, plural } from '../../format/units.js';
import { useSubflowStore } from '../../store/store.js';
import type { Units } from '../../store/store.js';
import { FIRST_READING_TITLE } from '../connections/ConnectionRow.js';
import { DEFAULT_APP_SORT, groupByApp, nextAppSort, sortApps } from './group-by-app.js';
import type { AppGroup, AppSort, AppSortKey } from './group-by-app.js';
import './apps.css';

const COLUMNS: readonly { key: AppSortKey; label: string; numeric: boolean }[] = [
  { key: 'app', label: 'App', numeric: false },
  { key: 'connections', label: 'Connections', numeric: true },
  { key: 'subflows', label: 'Subflows', numeric: true },
  { key: 'sent', label: 'Sent', numeric: true },
  { key: 'received', label: 'Received', numeric: true },
  { key: 'throughput', label: 'Throughput', numeric: true },
];

export interface AppsTableProps {
  readonly connections: readonly Connection[];
  readonly units: Units;
  /** The snapshot's reason some apps are unknown, shown on the unknown group. */
  readonly processNote?: string | undefined;
}

function AppName({ group, processNote }: { group: AppGroup; processNote?: string | undefined }) {
  if (group.name !== null) {
    const pids = group.pids.length === 1 ? 'pid' : 'pids';
    return (
      <th scope="row" className="col-app" title={`${pids} ${group.pids.join(', ')}`}>
        <span className="app-name">{group.name}</span>{' '}
        <span className="app-pid">{group.pids.join(', ')}</span>
      </th>
    );
  }
  const why =
    group.unknown === 'not-recorded'
      ? 'recorded before Subflow looked processes up'
      : (processNote ?? "no process was found for these connections' sockets");
  return (
    <th scope="row" className="col-app muted" title={why}>
      unknown app <span className="app-why">({why})</span>
    </th>
  );
}

/** The app's throughput: "—" while all its connections are on their first reading. */
function ThroughputCell({ group: g, units }: { group: AppGroup; units: Units }) {
  if (g.measuring > 0 && g.measuring === g.connections) {
    return (
      <td className="num" title={FIRST_READING_TITLE}>
        {NO_VALUE}
      </td>
    );
  }
  const rates = `sent ${formatRate(g.txRate, units)}, received ${formatRate(g.rxRate, units)}`;
  const pending =
    g.measuring > 0
      ? `; not counted yet: ${plural(g.measuring, 'connection')} on ` +
        `${g.measuring === 1 ? 'its' : 'their'} first reading`
      : '';
  return (
    <td className="num" title={rates + pending}>
      {formatRate(g.txRate + g.rxRate, units)}
    </td>
  );
}

export function AppsTable({ connections, units, processNote }: AppsTableProps) {
  const [sort, setSort] = useState<AppSort>(DEFAULT_APP_SORT);
  const time = useSubflowStore((s) => s.snapshot?.time);
  const apps = useMemo(
    () => sortApps(groupByApp(connections, time), sort),
    [connections, time, sort],
  );
  return (
    <table className="connections-table apps-table" aria-label="Connections by app">
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th
              key={column.key}
              scope="col"
              className={`col-${column.key}${column.numeric ? ' num' : ''}`}
              aria-sort={
                sort.key !== column.key
                  ? 'none'
                  : sort.direction === 'asc'
                    ? 'ascending'
                    : 'descending'
              }
            >
              <button
                type="button"
                className="sort-button"
                onClick={() => {
                  setSort((s) => nextAppSort(s, column.key));
                }}
              >
                {column.label}
                <span className="sort-mark" aria-hidden="true">
                  {sort.key === column.key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {apps.map((g) => (
          <tr key={g.key} data-app={g.name ?? ''}>
            <AppName group={g} processNote={processNote} />
            <td className="num">{g.connections}</td>
            <td className="num">{g.subflows}</td>
            <td className="num">{formatBytes(g.bytesSent)}</td>
            <td className="num">{formatBytes(g.bytesReceived)}</td>
            <ThroughputCell group={g} units={units} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
