// Who gets the monitor's updates, and which: every subscriber gets one update per tick; those
// that ask for it also get kernel events between ticks, as they arrive, with the last snapshot
// unchanged (`eventsOnly`). The next tick then carries, for them, only the events not pushed
// yet, and for the others every event since the last tick (journals, metrics and the failover
// watch count ticks, so they must not see a snapshot twice).
import type { PmEvent, Snapshot, TickUpdate } from '../contract.js';

export interface SubscribeOptions {
  /** Also push kernel events between ticks, as they arrive (see the file comment). */
  readonly eventsBetweenTicks?: boolean;
}

type Listener = (update: TickUpdate) => void;

/** Kernel events arriving this close together go out in one push (a connection's burst). */
const EVENT_COALESCE_MS = 10;

export class TickFanout {
  private readonly listeners = new Map<Listener, SubscribeOptions>();
  /** Events pushed between ticks since the last tick. */
  private early: PmEvent[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** Calls `flush` EVENT_COALESCE_MS after the first of a burst of calls, once. */
  soon(flush: () => void): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      flush();
    }, EVENT_COALESCE_MS);
  }

  cancelSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  subscribe(listener: Listener, options: SubscribeOptions = {}): () => void {
    this.listeners.set(listener, options);
    return () => this.listeners.delete(listener);
  }

  /** Events already pushed between ticks since the last tick. */
  get pushedEarly(): readonly PmEvent[] {
    return this.early;
  }

  /** Pushes `events` now, with `snapshot` (the last tick's), to the subscribers that asked. */
  between(snapshot: Snapshot, events: readonly PmEvent[]): void {
    this.early.push(...events);
    const update: TickUpdate = { snapshot, events, eventsOnly: true };
    for (const [l, o] of this.listeners) if (o.eventsBetweenTicks === true) l(update);
  }

  /** Pushes a tick: `events` are the ones not pushed between ticks. */
  tick(snapshot: Snapshot, events: readonly PmEvent[]): void {
    const early = this.early;
    this.early = [];
    const all: TickUpdate = { snapshot, events: [...early, ...events] };
    const rest: TickUpdate = early.length === 0 ? all : { snapshot, events };
    for (const [l, o] of this.listeners) l(o.eventsBetweenTicks === true ? rest : all);
  }
}
