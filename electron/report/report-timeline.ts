// The event timeline of a report: every PmEvent of the journal, oldest first, with a sentence a
// person can read ("subflow A → B established on blue-c (backup)"). Pure.
import type { PmEvent, TickUpdate } from '../contract.js';
import { PM_EVENT_LABELS } from '../contract.js';
import { socketAddressText } from '../monitor/keys.js';
import type { TimelineEntry } from './report-types.js';

// The dashboard's names, but a report is read by someone who was not there: these say who acted.
const WHAT: Readonly<Record<string, string>> = {
  ...PM_EVENT_LABELS,
  announced: 'address announced by the peer',
  removed: 'address removed by the peer',
  action: 'change made through Subflow',
  'external-change': 'endpoint changed outside Subflow',
};

/** One sentence for `event`. */
export function describeEvent(event: PmEvent): string {
  const parts: string[] = [WHAT[event.type] ?? `event ${event.type}`];
  if (event.local && event.remote) {
    parts.push(`${socketAddressText(event.local)} → ${socketAddressText(event.remote)}`);
  } else if (event.local) {
    parts.push(socketAddressText(event.local));
  } else if (event.remote) {
    parts.push(socketAddressText(event.remote));
  }
  if (event.interface !== undefined) parts.push(`on ${event.interface}`);
  if (event.localId !== undefined || event.remoteId !== undefined) {
    parts.push(`(ids ${event.localId ?? '?'}/${event.remoteId ?? '?'})`);
  }
  if (event.type === 'sub-priority' && event.backup !== undefined) {
    parts.push(event.backup ? '→ backup' : '→ regular');
  } else if (event.backup === true) {
    parts.push('(backup)');
  }
  if (event.reason !== undefined) parts.push(`: ${event.reason}`);
  else if (event.error !== undefined && event.error !== 0) parts.push(`error ${event.error}`);
  if (event.message !== undefined) parts.push(`: ${event.message}`);
  return parts.join(' ').replace(' : ', ': ');
}

/** Every event of `ticks`, oldest first (stable for events of the same time). */
export function buildTimeline(ticks: readonly TickUpdate[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const tick of ticks) {
    for (const event of tick.events) {
      entries.push({
        time: event.time,
        type: event.type,
        source: event.source,
        token: event.token ?? null,
        interface: event.interface ?? null,
        text: describeEvent(event),
      });
    }
  }
  // Array.prototype.sort is stable: events of one time keep the journal's order.
  return entries.sort((a, b) => a.time - b.time);
}
