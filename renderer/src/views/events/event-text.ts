// How path-manager events read in the timeline: human names for the kernel's event types, their
// group (for the type filter), the wall-clock time, and kernel error numbers in words.
import type { PmEvent } from '../../../../electron/contract.js';
import { PM_EVENT_LABELS } from '../../../../electron/contract.js';
import { clockTime } from '../../charts/time-text.js';

/** Filter groups of the timeline's type filter. */
export type EventGroup = 'connections' | 'subflows' | 'addresses' | 'monitor';
export const EVENT_GROUPS: readonly EventGroup[] = [
  'connections',
  'subflows',
  'addresses',
  'monitor',
];

// The contract's names for the event types (reports use them too).
const LABELS: Readonly<Record<string, string>> = PM_EVENT_LABELS;

/** "subflow established" for 'sub-established'; "unknown event 42" for 'unknown-42'. */
export function eventLabel(type: PmEvent['type']): string {
  const label = LABELS[type];
  if (label !== undefined) return label;
  return type.startsWith('unknown-') ? `unknown event ${type.slice('unknown-'.length)}` : type;
}

/** The filter group of an event type. */
export function eventGroup(type: PmEvent['type']): EventGroup {
  if (type.startsWith('sub-')) return 'subflows';
  if (type === 'announced' || type === 'removed') return 'addresses';
  if (
    type === 'monitor' ||
    type === 'resync' ||
    type === 'action' ||
    type === 'external-change' ||
    type.startsWith('unknown-')
  )
    return 'monitor';
  return 'connections';
}

/**
 * Events shown with their message across the row: notices about Subflow itself ('monitor',
 * 'resync'), its failover findings, what a person changed through Subflow ('action') and what
 * changed behind its back ('external-change').
 */
const NOTICES: ReadonlySet<string> = new Set([
  'monitor',
  'resync',
  'failover',
  'recovered',
  'subflow-missing',
  'action',
  'external-change',
]);

/** Whether an event is a notice, shown as its message across the row. */
export function isNotice(event: PmEvent): boolean {
  return NOTICES.has(event.type);
}

/** Local wall-clock time "HH:MM:SS.mmm" of `ms` since the epoch. */
export function clockText(ms: number): string {
  return clockTime(ms, true);
}

const ERRNO: Readonly<Record<number, string>> = {
  1: 'operation not permitted',
  12: 'out of memory',
  22: 'invalid argument',
  101: 'network unreachable',
  103: 'connection aborted',
  104: 'connection reset',
  110: 'timed out',
  111: 'connection refused',
  113: 'host unreachable',
};

/** "error 110 (timed out)"; the kernel reports errno values, sometimes negated. */
export function errorText(error: number): string {
  const name = ERRNO[Math.abs(error)];
  return name === undefined ? `error ${error}` : `error ${error} (${name})`;
}

/** Tooltip of the "inferred" tag. */
export const INFERRED_EXPLANATION =
  'Derived from two successive samples, not received from the kernel: the monitor has no ' +
  'CAP_NET_ADMIN to subscribe to path-manager events, or kernel events were lost.';

/** Tooltip of the "inferred" tag of an external change. */
export const EXTERNAL_EXPLANATION =
  'Found by comparing the endpoints read at two samples: none of the changes Subflow made ' +
  '(here, or with the subflow command) explains this one.';
