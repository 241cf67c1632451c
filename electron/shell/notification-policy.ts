// When the desktop app raises a notification, decided from the ticks alone: a connection lost its
// last subflow (a 'sub-closed' event leaves it alive with none), or a connection failed over
// (electron/monitor/failover.ts run over the last minute of ticks — the same rules as the
// reports, so a failover is announced once its takeover is confirmed, 5–10 s after it began).
// At most one notice per connection and kind per minute.
import type { Connection, PmEvent, TickUpdate } from '../contract.js';
import type { Host } from '../host.js';
import { socketAddressText } from '../monitor/keys.js';
import { detectFailovers } from '../monitor/failover.js';
import type { Failover } from '../session/journal-types.js';

/** One desktop notification. */
export interface Notice {
  readonly title: string;
  readonly body: string;
}

/** Options of {@link NotificationPolicy}; the defaults suit 1 s ticks. */
export interface NotificationPolicyOptions {
  /** Ticks kept for failover detection, ms (default 60 000). */
  readonly windowMs?: number;
  /** Quiet time per connection and kind after a notice, ms (default 60 000). */
  readonly repeatMs?: number;
  /** Failover detection over recent ticks (default: the reports' detectFailovers). */
  readonly failovers?: (ticks: readonly TickUpdate[]) => readonly Failover[];
}

export class NotificationPolicy {
  private readonly ticks: TickUpdate[] = [];
  /** Events of pushes between ticks, waiting for the next tick's snapshot. */
  private readonly held: PmEvent[] = [];
  private readonly announced = new Map<string, number>();
  private readonly windowMs: number;
  private readonly repeatMs: number;
  private readonly failovers: (ticks: readonly TickUpdate[]) => readonly Failover[];

  constructor(options: NotificationPolicyOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.repeatMs = options.repeatMs ?? 60_000;
    this.failovers = options.failovers ?? ((ticks) => detectFailovers({ ticks }));
  }

  /** The notices one tick calls for (usually none). */
  next(update: TickUpdate): Notice[] {
    // Events pushed between ticks come with the last snapshot: judge them with the next one.
    if (update.eventsOnly === true) {
      this.held.push(...update.events);
      return [];
    }
    const now = update.snapshot.time;
    this.remember(update, now);
    const notices: Notice[] = [];
    const byToken = new Map(update.snapshot.connections.map((c) => [c.token, c]));
    for (const event of [...this.held.splice(0), ...update.events]) {
      if (event.type !== 'sub-closed' || event.token === undefined) continue;
      const connection = byToken.get(event.token);
      if (connection?.subflows.length !== 0) continue;
      if (!this.fresh(`lost:${event.token}`, now)) continue;
      notices.push({
        title: 'A connection lost its last subflow',
        body:
          `${describe(connection)} has no path left${event.interface ? ` (the last one used ${event.interface})` : ''}; ` +
          'it stalls until a path comes back.',
      });
    }
    for (const failover of this.failovers(this.ticks)) {
      if (!this.fresh(`failover:${failover.token}:${failover.at}`, now, this.windowMs * 2))
        continue;
      if (!this.fresh(`failover:${failover.token}`, now)) continue;
      const connection = byToken.get(failover.token);
      notices.push({
        title: `A connection failed over${via(failover)}`,
        body:
          `${connection ? describe(connection) : `Connection ${failover.token}`} moved its traffic ` +
          `from ${failover.from.subflow} to ${failover.to.subflow}: ${failover.gap}.`,
      });
    }
    return notices;
  }

  private remember(update: TickUpdate, now: number): void {
    this.ticks.push(update);
    while ((this.ticks[0]?.snapshot.time ?? now) < now - this.windowMs) this.ticks.shift();
    for (const [key, at] of this.announced) {
      if (at < now - 2 * Math.max(this.windowMs, this.repeatMs)) this.announced.delete(key);
    }
  }

  /** Whether `key` was not announced within `quietMs`; marks it announced now if so. */
  private fresh(key: string, now: number, quietMs = this.repeatMs): boolean {
    const last = this.announced.get(key);
    if (last !== undefined && now - last < quietMs) return false;
    this.announced.set(key, now);
    return true;
  }
}

function describe(c: Connection): string {
  return `The connection ${socketAddressText(c.local)} → ${socketAddressText(c.remote)}`;
}

function via(f: Failover): string {
  const from = f.from.interface;
  const to = f.to.interface;
  return from && to && from !== to ? ` from ${from} to ${to}` : '';
}

/**
 * Feeds the Host's ticks to a policy while `enabled()` says so, and hands each notice to
 * `show`; returns the unsubscribe function.
 */
export function watchNotifications(
  host: Pick<Host, 'subscribe'>,
  enabled: () => boolean,
  show: (notice: Notice) => void,
  policy: NotificationPolicy = new NotificationPolicy(),
): () => void {
  return host.subscribe((push) => {
    if (push.name !== 'onTick' || !enabled()) return;
    for (const notice of policy.next(push.payload)) show(notice);
  });
}
