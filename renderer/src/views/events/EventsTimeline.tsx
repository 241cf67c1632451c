// The live timeline of path-manager events, newest first. Filters by connection and type group.
// The list holds still while the reader is scrolled down or has paused it; what arrives
// meanwhile is counted in an "N new" button that brings the list back to live. The list is one
// tab stop: the token buttons have a roving tabindex and the arrow keys (Home, End) move between
// them. A polite live region reads out each new failover finding once.
import { useCallback, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { PmEvent } from '../../../../electron/contract.js';
import { useInterfaceColors } from '../../charts/interface-colors.js';
import { useSubflowStore } from '../../store/store.js';
import { EVENT_GROUPS, INFERRED_EXPLANATION, isNotice, type EventGroup } from './event-text.js';
import { EventRow } from './EventRow.js';
import { useEventWindow } from './use-event-window.js';
import {
  countNewer,
  eventKeys,
  filterEvents,
  tokensSeen,
  type EventFilter,
} from './filter-events.js';
import '../connections/table-bits.css';
import './events.css';

/** Scrolled further than this (px) from the top, the list holds still. */
const HOLD_AFTER_PX = 24;

const GROUP_LABELS: Readonly<Record<EventGroup, string>> = {
  connections: 'Connections',
  subflows: 'Subflows',
  addresses: 'Addresses',
  monitor: 'Monitor notices',
};

/** Failover findings: what the live region reads out. */
const ANNOUNCED = new Set<string>(['failover', 'recovered']);

/** Whether a row of `event` has a token button (the list's focusable things). */
const hasTokenButton = (event: PmEvent) => !isNotice(event) && event.token !== undefined;

/** The key of the row the arrow key moves to from `from` among `keys` (wrapping ends stop). */
export function nextRowKey(
  keys: readonly string[],
  from: string | null,
  key: string,
): string | null {
  if (keys.length === 0) return null;
  const at = from === null ? -1 : keys.indexOf(from);
  switch (key) {
    case 'ArrowDown':
      return keys[Math.min(keys.length - 1, at + 1)] ?? null;
    case 'ArrowUp':
      return keys[Math.max(0, at - 1)] ?? null;
    case 'Home':
      return keys[0] ?? null;
    case 'End':
      return keys[keys.length - 1] ?? null;
    default:
      return null;
  }
}

/** `<EventsTimeline />`: reads store.events. */
export function EventsTimeline() {
  const live = useSubflowStore((s) => s.events);
  const colorOf = useInterfaceColors();
  const [filter, setFilter] = useState<EventFilter>({ token: null, group: null });
  const [paused, setPaused] = useState(false);
  /** What the list showed when it started holding still; null while live. */
  const [held, setHeld] = useState<readonly PmEvent[] | null>(null);
  const headingId = useId();

  const shownAll = held ?? live;
  const shown = useMemo(() => filterEvents(shownAll, filter), [shownAll, filter]);
  const liveFiltered = useMemo(() => filterEvents(live, filter), [live, filter]);
  const newCount = held === null ? 0 : countNewer(liveFiltered, shown[0]);
  const tokens = useMemo(() => tokensSeen(live, filter.token), [live, filter.token]);
  const keys = useMemo(() => eventKeys(shown), [shown]);
  const anyInferred = useMemo(() => shown.some((e) => e.source === 'inferred'), [shown]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const focusKeys = useMemo(
    () => shown.flatMap((e, i) => (hasTokenButton(e) ? [keys[i] ?? ''] : [])),
    [shown, keys],
  );
  const wanted =
    activeKey !== null && focusKeys.includes(activeKey) ? activeKey : (focusKeys[0] ?? null);
  // Only the lines near the scroll box's view are in the DOM (use-event-window.ts).
  const { win, tabStop, scrollTop, scrollToTop, setScroller, setList, moveTo } = useEventWindow(
    keys,
    focusKeys,
    wanted,
    shown,
  );
  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    const target = nextRowKey(focusKeys, tabStop, e.key);
    if (target === null) return;
    e.preventDefault();
    setActiveKey(target);
    moveTo(target);
  };
  // The newest failover finding, read out once by the live region (it changes only when a newer
  // one arrives).
  const lastFailover = useMemo(() => live.find((e) => ANNOUNCED.has(e.type)), [live]);

  const hold = useCallback(() => {
    setHeld((h) => h ?? useSubflowStore.getState().events);
  }, []);
  const goLive = useCallback(() => {
    setHeld(null);
    setPaused(false);
    scrollToTop();
  }, [scrollToTop]);
  const onScroll = useCallback(() => {
    const top = scrollTop();
    if (top > HOLD_AFTER_PX) hold();
    else if (!paused) setHeld(null);
  }, [hold, paused, scrollTop]);
  const onToken = useCallback((token: string) => {
    setFilter((f) => ({ ...f, token }));
  }, []);

  return (
    <section className="events" aria-labelledby={headingId}>
      <div className="events-bar">
        <h2 id={headingId}>Events</h2>
        <label className="events-filter">
          <span>Connection</span>
          <select
            value={filter.token ?? ''}
            onChange={(e) => {
              setFilter((f) => ({ ...f, token: e.target.value === '' ? null : e.target.value }));
            }}
          >
            <option value="">All connections</option>
            {tokens.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="events-filter">
          <span>Type</span>
          <select
            value={filter.group ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              const group = EVENT_GROUPS.find((g) => g === value) ?? null;
              setFilter((f) => ({ ...f, group }));
            }}
          >
            <option value="">All types</option>
            {EVENT_GROUPS.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <span className="events-live">
          {newCount > 0 && (
            <button type="button" className="new-events" onClick={goLive}>
              {`${newCount} new`}
            </button>
          )}
          <button
            type="button"
            className="pause-button"
            aria-pressed={paused}
            onClick={() => {
              if (paused) goLive();
              else {
                setPaused(true);
                hold();
              }
            }}
          >
            {paused ? 'Resume' : 'Pause'}
          </button>
        </span>
      </div>
      <div className="events-scroll" ref={setScroller} onScroll={onScroll} tabIndex={-1}>
        {shown.length === 0 ? (
          <p className="events-empty">
            {live.length === 0 ? (
              'No path-manager events yet: they appear here as connections and subflows open and close.'
            ) : (
              <>
                No event matches these filters.{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setFilter({ token: null, group: null });
                  }}
                >
                  Show all events
                </button>
              </>
            )}
          </p>
        ) : (
          <>
            <div className="events-head" aria-hidden="true">
              <span>Time</span>
              <span>Event</span>
              <span>Connection</span>
              <span>Addresses</span>
              <span>Interface</span>
              <span>Details</span>
            </div>
            <ol
              ref={setList}
              className="events-list"
              aria-label="Events, newest first"
              aria-describedby={`${headingId}-keys`}
              onKeyDown={onListKey}
              style={{ paddingTop: win.before, paddingBottom: win.after }}
            >
              {shown.slice(win.start, win.end).map((event, offset) => {
                const i = win.start + offset;
                return (
                  <EventRow
                    key={keys[i]}
                    event={event}
                    onToken={onToken}
                    colorOf={colorOf}
                    eventKey={keys[i]}
                    tabbable={keys[i] === tabStop}
                    position={i + 1}
                    setSize={shown.length}
                  />
                );
              })}
            </ol>
          </>
        )}
      </div>
      <span id={`${headingId}-keys`} className="visually-hidden">
        Up and down arrows move between the events’ connections.
      </span>
      <span className="visually-hidden" role="status">
        {lastFailover?.message ?? ''}
      </span>
      {anyInferred && (
        <p className="events-footnote">
          <span className="tag tag-inferred">inferred</span> {INFERRED_EXPLANATION}
        </p>
      )}
    </section>
  );
}
