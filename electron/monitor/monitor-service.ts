// The live monitor: one tick per interval takes a kernel sample, builds the Snapshot, gathers
// the events since the last tick (kernel events when it may subscribe, inferred otherwise),
// records history, and pushes ONE TickUpdate to every subscriber. Ticks never overlap; a
// failed tick is reported as an event and the next one tries again. Subscribers that ask for
// it also get kernel events as they arrive (coalesced over ~10 ms), between ticks,
// with the last tick's snapshot unchanged: a user should not wait for the next tick to see a
// subflow appear.
import { hostname } from 'node:os';
import type { PmEvent, Snapshot, TickUpdate } from '../contract.js';
import { PmEventStream } from '../../native/kernel/event-stream.js';
import type { EventStreamHandlers } from '../../native/kernel/event-stream.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import { SampleReader } from '../../native/kernel/sample-reader.js';
import { KernelFailure } from '../../native/kernel/wire-error.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import { clampInterval } from '../validation.js';
import { History } from './history.js';
import { monitorEvent } from './kernel-events.js';
import { PendingKernelEvents } from './pending-kernel-events.js';
import { monitorNotices } from './monitor-notices.js';
import { ChangeTracker } from './change-tracker.js';
import { TickFanout } from './tick-fanout.js';
import type { SubscribeOptions } from './tick-fanout.js';
import { buildSnapshot } from './snapshot.js';
import type { MonitorState } from './snapshot.js';
import { assertEnterable, enterFailure, markGone, namespaceGoneReason } from './netns-access.js';
import type { InterfaceInfoHook } from './endpoint-owners.js';
import { subflowCommand } from '../../native/invocation.js';

/** Recent events kept for `events:list` and late subscribers. */
const EVENT_CAPACITY = 2_000;

export interface MonitorOptions {
  readonly netns: string | null;
  readonly intervalMs?: number;
  /** 'auto': subscribe to kernel events when permitted, else infer. 'inferred': never subscribe. */
  readonly events?: 'auto' | 'inferred';
  /** Subscribe even with the userspace path manager active (changes kernel behaviour). */
  readonly allowUserspacePm?: boolean;
}

/** How often the monitor ticks, and whether it is paused. */
export type Pace = { readonly intervalMs: number; readonly paused: boolean };

/** Another monitor's updates: subscribes `listener`, returns how to unsubscribe. */
export type TickSource = (listener: (update: TickUpdate) => void) => () => void;

/** Where kernel events come from now, and why not when they do not. */
export type EventSourceState =
  { readonly kind: 'kernel' } | { readonly kind: 'inferred'; readonly reason: string };

export class MonitorService {
  private client: KernelClient;
  private readonly samples = new SampleReader(() => this.client);
  private stream: PmEventStream | null = null;
  private state: MonitorState | null = null;
  private snapshot: Snapshot | null = null;
  private problems: string[] = [];
  private readonly pending = new PendingKernelEvents();
  private readonly recent: PmEvent[] = [];
  private notices: PmEvent[] = [];
  private readonly fanout = new TickFanout();
  private readonly tickListeners = new Set<(seconds: number) => void>();
  /**
   * Times the kernel dropped path-manager events since start (event socket receive buffer
   * overflow; each time an unknown number were lost and state was re-read from a dump).
   */
  eventOverflows = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private netnsMissing = false;
  private lastFailure: unknown = null;
  private intervalMs: number;
  private paused = false;
  private freshState = true;
  private ticking: Promise<void> | null = null;
  private unfollow: (() => void) | null = null;
  readonly history: History;
  /** MPTcpExt counters of the last sample, or null before one / when unreadable. */
  counters: MptcpCounters | null = null;
  eventSource: EventSourceState = { kind: 'inferred', reason: 'not started' };
  /** Subflow's own endpoint changes, to tell them from external ones (replaced on reattach). */
  changes: ChangeTracker;
  /** Adds remembered modes and endpoint owners to each snapshot (control/interface-info.ts). */
  interfaceInfo: InterfaceInfoHook | null = null;

  constructor(readonly options: MonitorOptions) {
    this.intervalMs = clampInterval(options.intervalMs ?? 1000);
    this.client = new KernelClient({ netns: options.netns });
    this.changes = new ChangeTracker({ netns: options.netns });
    this.history = new History({ intervalMs: this.intervalMs });
  }

  /** The kernel thread of the watched namespace (control uses it for endpoint changes). */
  get kernel(): KernelClient {
    return this.client;
  }

  /** Starts ticking; resolves after the first snapshot (or its failure, reported as an event). */
  async start(): Promise<void> {
    if (this.running) return;
    const ns = this.options.netns;
    if (ns !== null) {
      try {
        assertEnterable(ns);
      } catch (err) {
        // The kernel thread started with the constructor: end it, or the process never exits.
        await this.client.close();
        throw err;
      }
    }
    this.running = true;
    await this.openEvents();
    await this.tick();
    const failure =
      ns !== null && this.snapshot === null ? enterFailure(ns, this.lastFailure) : null;
    if (failure) {
      // Nothing can work without entering the namespace: say so now, not every second.
      await this.stop();
      throw failure;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.follow(null);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.fanout.cancelSoon();
    // Let a tick in flight finish before its kernel thread goes away (else it reports a failure).
    await this.ticking?.catch(() => undefined);
    await this.stream?.close();
    this.stream = null;
    await this.client.close();
  }

  latest(): Snapshot | null {
    return this.snapshot;
  }

  /** Events newer than `since` (ms since the epoch), oldest first. */
  events(since = 0): PmEvent[] {
    return this.recent.filter((e) => e.time > since);
  }

  subscribe(listener: (u: TickUpdate) => void, options: SubscribeOptions = {}): () => void {
    return this.fanout.subscribe(listener, options);
  }

  /** Calls `listener` after every tick with how long it took, in seconds (for the metrics). */
  onTickMeasured(listener: (seconds: number) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  configure(change: Partial<Pace>): Pace {
    if (change.intervalMs !== undefined) this.intervalMs = clampInterval(change.intervalMs);
    if (change.paused !== undefined) this.paused = change.paused;
    this.schedule(); // a no-op unless running, not paused, not following and none armed
    return { intervalMs: this.intervalMs, paused: this.paused };
  }

  /** A notice from elsewhere (e.g. control) delivered with the next tick's events. */
  report(message: string): void {
    this.notices.push(monitorEvent(Date.now(), message));
  }

  /** An event from elsewhere (the failover watch, a person's action) delivered with the next tick's events. */
  announce(event: PmEvent): void {
    this.notices.push(event);
  }

  /**
   * Why the watched namespace cannot be acted on now (it was deleted), or null when it can.
   * Checked on the spot, not at the last tick: a change must never reach an orphaned namespace.
   */
  goneReason(): string | null {
    return namespaceGoneReason(this.options.netns);
  }

  /**
   * Says the rarely-changing state (sysctls; see native KernelContext.slowState) may have
   * changed: the next sample re-reads it instead of waiting for it to age. Called on
   * path-manager events and own changes; other notifications (rtnetlink) may call it too.
   */
  stateMayHaveChanged(): void {
    this.freshState = true;
  }

  /**
   * Passes on the updates of another monitor of the same namespace instead of sampling: the
   * desktop app does this while its privileged helper serves the kernel side, so that what it
   * records and replays is what the window shows (the helper's kernel events, not inferred
   * ones) and the kernel is read once, not twice. `null` samples again.
   */
  follow(source: TickSource | null): void {
    this.unfollow?.();
    this.unfollow = null;
    if (source === null) {
      this.stateMayHaveChanged();
      this.schedule();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unfollow = source((update) => {
      if (update.eventsOnly === true) {
        this.remember(update.events);
        this.fanout.between(update.snapshot, update.events);
        return;
      }
      this.snapshot = update.snapshot;
      this.history.record(update.snapshot);
      this.publish(update.snapshot.time, [...this.notices.splice(0), ...update.events]);
    });
  }

  /** Takes a tick now (e.g. right after a multipath change), outside the regular schedule. */
  async refresh(): Promise<Snapshot | null> {
    if (this.unfollow !== null) return this.snapshot; // the followed monitor reads the kernel
    this.stateMayHaveChanged();
    await this.tick();
    return this.snapshot;
  }

  private async openEvents(): Promise<void> {
    if (this.options.events === 'inferred') {
      this.eventSource = { kind: 'inferred', reason: 'kernel events were turned off' };
      return;
    }
    const handlers: EventStreamHandlers = {
      onEvents: (time, events) => {
        this.pending.add(time, events);
        this.stateMayHaveChanged();
        this.fanout.soon(() => {
          this.pushEarly();
        });
      },
      onOverflow: (time) => {
        this.eventOverflows++;
        this.pending.overflowed(time);
      },
      onError: (err) => {
        this.stream = null;
        this.eventSource = { kind: 'inferred', reason: err.message };
        this.remember([monitorEvent(Date.now(), `kernel events stopped: ${err.message}`)]);
      },
    };
    try {
      this.stream = await PmEventStream.open(
        { netns: this.options.netns, allowUserspacePm: this.options.allowUserspacePm ?? false },
        handlers,
      );
      this.eventSource = { kind: 'kernel' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.eventSource = { kind: 'inferred', reason };
    }
  }

  /** Arms the one timer for the next tick; a no-op while one is armed, paused or stopped. */
  private schedule(): void {
    if (!this.running || this.paused || this.unfollow !== null || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, this.intervalMs);
  }

  private tick(): Promise<void> {
    // A refresh during a scheduled tick joins it instead of overlapping it.
    this.ticking ??= this.timedTick().finally(() => {
      this.ticking = null;
      this.schedule(); // the only place a tick re-arms the timer
    });
    return this.ticking;
  }

  private async timedTick(): Promise<void> {
    const started = performance.now();
    try {
      await this.runTick();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      for (const l of this.tickListeners) l(seconds);
    }
  }

  private async runTick(): Promise<void> {
    const now = Date.now();
    const gone = namespaceGoneReason(this.options.netns);
    if (gone !== null) {
      if (!this.netnsMissing) {
        this.netnsMissing = true;
        const { snapshot, event } = markGone(this.options.netns ?? '', gone, this.snapshot, now);
        this.snapshot = snapshot;
        this.publish(now, [event]);
      }
      return;
    }
    if (this.netnsMissing) await this.reattach(now);
    let sample;
    const sampleStart = Date.now();
    try {
      sample = await this.samples.next(this.freshState);
      this.freshState = false;
      this.lastFailure = null;
    } catch (err) {
      this.lastFailure = err;
      if (!this.running) return; // stopping: not a failure worth reporting
      const message =
        err instanceof KernelFailure || err instanceof Error ? err.message : String(err);
      this.publish(now, [monitorEvent(now, `sampling failed: ${message}`)]);
      return;
    }
    const previous = this.snapshot;
    const built = buildSnapshot(this.state, sample, {
      netns: this.options.netns,
      hostname: hostname(),
      intervalMs: this.intervalMs,
      command: subflowCommand(),
    });
    this.state = built.state;
    const shown = this.interfaceInfo?.decorate(built.snapshot) ?? built.snapshot;
    this.snapshot = shown;
    const changes = this.changes.afterSample(sampleStart, Date.now(), built.snapshot.endpoints);
    const events = [
      ...this.notices.splice(0),
      ...monitorNotices(previous, built.snapshot, this.problems, sample.problems),
      ...this.pending.forTick({
        previous,
        next: built.snapshot,
        subscribed: this.stream !== null,
        pushedEarly: this.fanout.pushedEarly,
      }),
      ...changes,
    ];
    this.problems = sample.problems;
    this.counters = sample.counters;
    this.history.record(built.snapshot);
    this.publish(shown.time, events, shown);
  }

  private async reattach(now: number): Promise<void> {
    this.netnsMissing = false;
    await this.stream?.close();
    this.stream = null;
    await this.client.close();
    this.client = new KernelClient({ netns: this.options.netns });
    // A new namespace under the old name: its endpoints are not a change to the old ones.
    this.changes = new ChangeTracker({ netns: this.options.netns });
    this.state = null;
    await this.openEvents();
    // Delivered with this tick's events (the live timeline), not only kept for events:list.
    this.notices.push(monitorEvent(now, `network namespace ${this.options.netns ?? ''} is back`));
  }

  private remember(events: readonly PmEvent[]): void {
    this.recent.push(...events);
    if (this.recent.length > EVENT_CAPACITY)
      this.recent.splice(0, this.recent.length - EVENT_CAPACITY);
  }

  private publish(time: number, events: PmEvent[], snapshot = this.snapshot): void {
    this.remember(events);
    if (!snapshot) return;
    this.fanout.tick(time === snapshot.time ? snapshot : { ...snapshot, time }, events);
  }

  /**
   * Pushes the kernel events received since the last push to the subscribers that asked for
   * them, with the last snapshot. Left to the tick while one is running (it takes them when its
   * sample is in) and before the first snapshot (there are no interface names to give yet).
   */
  private pushEarly(): void {
    const snapshot = this.snapshot;
    if (!this.running || this.ticking !== null || snapshot === null || snapshot.stale) return;
    if (this.pending.size === 0) return;
    const events = this.pending.take(snapshot);
    this.remember(events);
    this.fanout.between(snapshot, events);
  }
}
