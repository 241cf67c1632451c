// The events a tick carries besides notices: the kernel's since the last tick, or, without a
// kernel stream, events inferred from the difference between two snapshots.
import type { PmEvent, Snapshot } from '../contract.js';
import { inferEvents } from './infer-events.js';
import { resyncEvent } from './kernel-events.js';

export interface TickEventsInput {
  readonly previous: Snapshot | null;
  readonly next: Snapshot;
  /** Kernel events received since the last tick and not pushed yet. */
  readonly kernel: readonly PmEvent[];
  /** Kernel events already pushed between ticks since the last tick. */
  readonly pushedEarly: readonly PmEvent[];
  /** Whether kernel events are subscribed to. */
  readonly subscribed: boolean;
  /** When the kernel dropped events since the last tick, or null. */
  readonly overflowAt: number | null;
}

export function tickEvents(input: TickEventsInput): PmEvent[] {
  const { previous, next, kernel } = input;
  if (!input.subscribed) return [...kernel, ...inferEvents(previous, next)];
  if (input.overflowAt !== null) {
    // Events were lost: the dump just taken is the truth; infer what changed since last tick.
    return [
      ...kernel,
      resyncEvent(
        input.overflowAt,
        'the kernel dropped path-manager events; state re-read from a dump',
      ),
      ...inferEvents(previous, next),
    ];
  }
  // The kernel sends no 'closed' for a connection the peer ended with MP_FASTCLOSE (seen on
  // 6.18): a connection that vanished from the dump without one is reported as inferred.
  const closedByKernel = new Set(
    [...input.pushedEarly, ...kernel].filter((e) => e.type === 'closed').map((e) => e.token),
  );
  const vanished = inferEvents(previous, next).filter(
    (e) => e.type === 'closed' && !closedByKernel.has(e.token),
  );
  return [...kernel, ...vanished];
}
