// The connections table: filter box, sortable headers (aria-sort), memoised rows keyed by token,
// the expanded connection's detail under its row, and the first 100 rows by default ("show all"
// renders the rest). Of those, only the rows near the screen are in the DOM (use-row-window.ts),
// so a tick's work follows what is on screen.
import { Fragment, useId, useMemo, useState } from 'react';
import { useInterfaceColors } from '../../charts/interface-colors.js';
import { useSubflowStore } from '../../store/store.js';
import { AppsTable } from '../apps/AppsTable.js';
import { EmptyConnections } from '../states/EmptyConnections.js';
import { ConnectionDetail } from './ConnectionDetail.js';
import { ConnectionRow } from './ConnectionRow.js';
import { filterConnections } from './filter-connections.js';
import { useRowWindow } from './use-row-window.js';
import {
  createStableOrder,
  DEFAULT_SORT,
  nextSort,
  type ConnectionSort,
  type ConnectionSortKey,
} from './sort-connections.js';
import './table-bits.css';
import './connections.css';

/** Rows shown before "show all". */
export const ROW_LIMIT = 100;

const COLUMNS: readonly { key: ConnectionSortKey; label: string; numeric: boolean }[] = [
  { key: 'endpoints', label: 'Connection', numeric: false },
  { key: 'app', label: 'App', numeric: false },
  { key: 'state', label: 'State', numeric: false },
  { key: 'age', label: 'Age', numeric: true },
  { key: 'subflows', label: 'Subflows', numeric: true },
  { key: 'throughput', label: 'Throughput', numeric: true },
];

function ariaSort(
  sort: ConnectionSort,
  key: ConnectionSortKey,
): 'ascending' | 'descending' | 'none' {
  if (sort.key !== key) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/** Stands in for the rows left out of the DOM above or below the screen. */
function Spacer({ height }: { height: number }) {
  if (height <= 0) return null;
  return (
    <tr className="row-spacer" aria-hidden="true" style={{ height }}>
      <td colSpan={COLUMNS.length} />
    </tr>
  );
}

/** Opens connection `token`, or closes it when it is the one open. */
function toggleExpanded(token: string): void {
  const store = useSubflowStore.getState();
  store.setExpanded(store.expanded === token ? null : token);
}

/** The MPTCP connections of the latest snapshot. */
export function ConnectionsView() {
  const connections = useSubflowStore((s) => s.snapshot?.connections);
  const processNote = useSubflowStore((s) => s.snapshot?.processNote);
  const expanded = useSubflowStore((s) => s.expanded);
  const units = useSubflowStore((s) => s.settings.units);
  const colorOf = useInterfaceColors();

  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<ConnectionSort>(DEFAULT_SORT);
  const [showAll, setShowAll] = useState(false);
  /** One row per connection, or one per app (issue 14: "which app is it?"). */
  const [byApp, setByApp] = useState(false);
  const [order] = useState(createStableOrder);
  const headingId = useId();
  const detailId = useId();

  const sorted = useMemo(
    () => order.sort(filterConnections(connections ?? [], query), sort),
    [order, connections, query, sort],
  );

  const visible = useMemo(() => {
    if (showAll || sorted.length <= ROW_LIMIT) return sorted;
    const first = sorted.slice(0, ROW_LIMIT);
    const open = sorted.findIndex((c) => c.token === expanded);
    // Keep the open connection on screen even if it sorted past the limit.
    return open >= ROW_LIMIT && sorted[open] ? [...first, sorted[open]] : first;
  }, [sorted, showAll, expanded]);

  const expandedIndex = visible.findIndex((c) => c.token === expanded);
  const [body, win] = useRowWindow(visible.length, expandedIndex >= 0 ? expandedIndex : null);
  const rendered = useMemo(() => visible.slice(win.start, win.end), [visible, win]);

  const total = connections?.length ?? 0;
  return (
    <section className="connections" aria-labelledby={headingId}>
      <div className="connections-bar">
        <h2 id={headingId}>
          Connections{' '}
          <span className="count">
            {connections === undefined
              ? ''
              : query.trim() === ''
                ? `(${total})`
                : `(${sorted.length} of ${total})`}
          </span>
        </h2>
        {total > 0 && (
          <div className="segmented" role="group" aria-label="Group connections">
            <button
              type="button"
              aria-pressed={!byApp}
              onClick={() => {
                setByApp(false);
              }}
            >
              By connection
            </button>
            <button
              type="button"
              aria-pressed={byApp}
              onClick={() => {
                setByApp(true);
              }}
            >
              By app
            </button>
          </div>
        )}
        {total > 0 && (
          <input
            type="search"
            className="connections-filter"
            placeholder="Filter: app, address, port, token, interface"
            aria-label="Filter connections"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
            }}
          />
        )}
      </div>
      {processNote !== undefined && total > 0 && (
        <p className="connections-note process-note" role="note">
          Some apps are unknown: {processNote}.
        </p>
      )}
      {byApp && total > 0 ? (
        <AppsTable connections={sorted} units={units} processNote={processNote} />
      ) : connections === undefined ? (
        <p className="connections-note">Waiting for the first sample…</p>
      ) : total === 0 ? (
        <EmptyConnections />
      ) : (
        <>
          <table className="connections-table">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    className={`col-${column.key}${column.numeric ? ' num' : ''}`}
                    aria-sort={ariaSort(sort, column.key)}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => {
                        setSort((s) => nextSort(s, column.key));
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
            <tbody ref={body}>
              <Spacer height={win.before} />
              {rendered.map((c) => (
                <Fragment key={c.token}>
                  <ConnectionRow
                    connection={c}
                    expanded={c.token === expanded}
                    units={units}
                    detailId={detailId}
                    onToggle={toggleExpanded}
                    colorOf={colorOf}
                  />
                  {c.token === expanded && (
                    <tr className="connection-detail-row" id={detailId}>
                      <td colSpan={COLUMNS.length}>
                        <ConnectionDetail token={c.token} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
              <Spacer height={win.after} />
            </tbody>
          </table>
          {sorted.length === 0 && (
            <p className="connections-note">
              No connection matches “{query}”.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setQuery('');
                }}
              >
                Clear the filter
              </button>
            </p>
          )}
          {sorted.length > ROW_LIMIT && (
            <p className="connections-note">
              {showAll
                ? `Showing all ${sorted.length} connections.`
                : `Showing the first ${ROW_LIMIT} of ${sorted.length} connections.`}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setShowAll((v) => !v);
                }}
              >
                {showAll ? `Show the first ${ROW_LIMIT}` : `Show all ${sorted.length}`}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
