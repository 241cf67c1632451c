// The timeline's filters (connection token, type group) and the "N new" count shown while the
// list is held still. Pure: events in (newest first, as the store keeps them), events out.
import type { PmEvent } from '../../../../electron/contract.js';
import { eventGroup, type EventGroup } from './event-text.js';

export interface EventFilter {
  /** A connection token, or null for all. */
  readonly token: string | null;
  /** A type group, or null for all. */
  readonly group: EventGroup | null;
}

export const NO_FILTER: EventFilter = { token: null, group: null };

/** Whether `event` passes `filter`. Notices without a token pass a token filter only if none. */
export function matchesEvent(event: PmEvent, filter: EventFilter): boolean {
  if (filter.token !== null && event.token !== filter.token) return false;
  if (filter.group !== null && eventGroup(event.type) !== filter.group) return false;
  return true;
}

/** The events passing `filter`, order kept. */
export function filterEvents(events: readonly PmEvent[], filter: EventFilter): readonly PmEvent[] {
  if (filter.token === null && filter.group === null) return events;
  return events.filter((e) => matchesEvent(e, filter));
}

/** Tokens named by `events`, plus `keep` (the selected one, even if it scrolled out), sorted. */
export function tokensSeen(events: readonly PmEvent[], keep: string | null = null): string[] {
  const tokens = new Set<string>();
  for (const event of events) if (event.token !== undefined) tokens.add(event.token);
  if (keep !== null) tokens.add(keep);
  return [...tokens].sort();
}

/**
 * How many events of `live` (newest first) are newer than `shownHead`, the newest event on
 * screen while the list is held: found by identity (the store keeps event objects), else by
 * time. All of `live` when the head is gone or nothing was shown.
 */
export function countNewer(live: readonly PmEvent[], shownHead: PmEvent | undefined): number {
  if (shownHead === undefined) return live.length;
  const at = live.indexOf(shownHead);
  if (at >= 0) return at;
  const newer = live.findIndex((e) => e.time <= shownHead.time);
  return newer < 0 ? live.length : newer;
}

/**
 * React keys for `events` (newest first) that stay with each event as newer ones arrive and old
 * ones fall off: built from the event's content, identical events numbered from the oldest.
 */
export function eventKeys(events: readonly PmEvent[]): string[] {
  const seen = new Map<string, number>();
  const keys = new Array<string>(events.length);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i];
    if (e === undefined) continue;
    const base = [
      e.time,
      e.type,
      e.source,
      e.token ?? '',
      e.local ? `${e.local.address}:${e.local.port}` : '',
      e.remote ? `${e.remote.address}:${e.remote.port}` : '',
      e.message ?? '',
    ].join('|');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    keys[i] = `${base}#${n}`;
  }
  return keys;
}
