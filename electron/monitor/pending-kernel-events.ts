// Path-manager events received from the kernel and not delivered yet. They arrive on the event
// thread between ticks and are named (interface, process) with the interfaces of the snapshot
// they are delivered with: the tick being built, or the last tick's when pushed between ticks.
import type { PmEvent, Snapshot } from '../contract.js';
import type { PmKernelEvent } from '../../native/mptcp-pm/events.js';
import { fromKernelEvent, interfaceLookups } from './kernel-events.js';
import type { InterfaceLookups } from './kernel-events.js';
import { tickEvents } from './tick-events.js';

export class PendingKernelEvents {
  private pending: { time: number; event: PmKernelEvent }[] = [];
  private overflowAt: number | null = null;
  private lookups: InterfaceLookups | null = null;

  add(time: number, events: readonly PmKernelEvent[]): void {
    for (const event of events) this.pending.push({ time, event });
  }

  /** The kernel dropped events at `time` (the event socket's buffer overflowed). */
  overflowed(time: number): void {
    this.overflowAt ??= time;
  }

  get size(): number {
    return this.pending.length;
  }

  /** The events received since the last take, named with the last interfaces seen. */
  take(snapshot: Snapshot): PmEvent[] {
    const lookups = this.lookups ?? interfaceLookups(snapshot.interfaces);
    const events = this.pending.map(({ time, event }) =>
      fromKernelEvent(event, time, lookups.names, lookups.addressOwners),
    );
    this.pending = [];
    return events;
  }

  /**
   * A tick's events: the kernel's since the last take, named with `next`'s interfaces (kept for
   * the pushes until the next tick), or inferred from the two snapshots when not subscribed or
   * when events were lost.
   */
  forTick(input: {
    previous: Snapshot | null;
    next: Snapshot;
    subscribed: boolean;
    pushedEarly: readonly PmEvent[];
  }): PmEvent[] {
    this.lookups = interfaceLookups(input.next.interfaces);
    const kernel = this.take(input.next);
    const overflowAt = this.overflowAt;
    this.overflowAt = null;
    const { previous, next, subscribed, pushedEarly } = input;
    return tickEvents({ previous, next, kernel, pushedEarly, subscribed, overflowAt });
  }
}
