// What one tick does to the store, as a pure function: the new snapshot, the events prepended
// (newest first, bounded), every series appended and trimmed, series of entities gone for a
// while dropped, and pending toggles the kernel now shows cleared.
import type { MultipathMode, PmEvent, TickUpdate } from '../../../electron/contract.js';
import { isSubflowKeyOf, subflowKey } from './keys.js';
import type { SeriesBound, SeriesBuffer } from './series.js';
import { appendPoint, lastTime, trimSeries } from './series.js';

/** Events kept, newest first. */
export const MAX_EVENTS = 500;
/** Interface series (and the expanded connection's subflow series) span this much time. */
export const LONG_WINDOW_MS = 10 * 60_000;
/** Points kept for connection sparklines and for subflows of connections not expanded. */
export const SHORT_SERIES_POINTS = 120;
/** A series whose entity left the snapshot is dropped once its newest point is this old. */
export const VANISHED_AFTER_MS = 60_000;

/** Bound of interface series and of the expanded connection's subflow series. */
export const LONG: SeriesBound = { maxAgeMs: LONG_WINDOW_MS };
/** Bound of connection sparklines and other subflow series. */
export const SHORT: SeriesBound = { maxPoints: SHORT_SERIES_POINTS };

/** The part of the store a tick reads and writes. */
export interface TickState {
  readonly snapshot: TickUpdate['snapshot'] | null;
  readonly events: PmEvent[];
  readonly interfaceSeries: Record<string, SeriesBuffer>;
  readonly connectionSeries: Record<string, SeriesBuffer>;
  readonly subflowSeries: Record<string, SeriesBuffer>;
  readonly expanded: string | null;
  readonly pending: Record<string, MultipathMode>;
}

/** The tick's changes, to be applied with a single set(). */
export type TickChanges = Omit<TickState, 'expanded'>;

/** `events` of a tick (oldest first) put in front of `current` (newest first), bounded. */
export function prependEvents(current: PmEvent[], incoming: readonly PmEvent[]): PmEvent[] {
  if (incoming.length === 0) return current;
  const newestFirst = [...incoming].reverse();
  return [...newestFirst, ...current].slice(0, MAX_EVENTS);
}

/**
 * Carries the series of entities missing from this tick: kept (trimmed by `bound` when it is
 * an age) until their newest point is VANISHED_AFTER_MS old; `keepLonger` ones stay while any
 * point is inside the long window (the expanded connection's closed subflows: its failover).
 */
function carryVanished(
  previous: Record<string, SeriesBuffer>,
  next: Record<string, SeriesBuffer>,
  now: number,
  keepLonger: (key: string) => boolean,
): void {
  for (const [key, buffer] of Object.entries(previous)) {
    if (key in next) continue;
    if (keepLonger(key)) {
      const trimmed = trimSeries(buffer, LONG, now);
      if (trimmed.time.length > 0) next[key] = trimmed;
    } else if (lastTime(buffer) >= now - VANISHED_AFTER_MS) {
      next[key] = buffer;
    }
  }
}

/** Pending toggles minus those the snapshot already shows (same object when none is done). */
function settlePending(
  pending: Record<string, MultipathMode>,
  snapshot: TickUpdate['snapshot'],
): Record<string, MultipathMode> {
  const names = Object.keys(pending);
  if (names.length === 0) return pending;
  const shown = new Map(snapshot.interfaces.map((i) => [i.name, i.multipath]));
  const left = Object.fromEntries(
    Object.entries(pending).filter(([name, mode]) => shown.get(name) !== mode),
  );
  return Object.keys(left).length === names.length ? pending : left;
}

/** Everything one tick changes. */
export function reduceTick(state: TickState, update: TickUpdate): TickChanges {
  const { snapshot } = update;
  const now = snapshot.time;

  const interfaceSeries: Record<string, SeriesBuffer> = {};
  for (const i of snapshot.interfaces) {
    interfaceSeries[i.name] = appendPoint(
      state.interfaceSeries[i.name],
      now,
      i.rxRate,
      i.txRate,
      LONG,
    );
  }
  carryVanished(state.interfaceSeries, interfaceSeries, now, () => false);

  const connectionSeries: Record<string, SeriesBuffer> = {};
  const subflowSeries: Record<string, SeriesBuffer> = {};
  for (const c of snapshot.connections) {
    connectionSeries[c.token] = appendPoint(
      state.connectionSeries[c.token],
      now,
      c.rxRate,
      c.txRate,
      SHORT,
    );
    const bound = c.token === state.expanded ? LONG : SHORT;
    for (const s of c.subflows) {
      const key = subflowKey(c.token, s);
      subflowSeries[key] = appendPoint(state.subflowSeries[key], now, s.rxRate, s.txRate, bound);
    }
  }
  carryVanished(state.connectionSeries, connectionSeries, now, () => false);
  const expanded = state.expanded;
  carryVanished(
    state.subflowSeries,
    subflowSeries,
    now,
    (key) => expanded !== null && isSubflowKeyOf(key, expanded),
  );

  return {
    snapshot,
    events: prependEvents(state.events, update.events),
    interfaceSeries,
    connectionSeries,
    subflowSeries,
    pending: settlePending(state.pending, snapshot),
  };
}
