// When the desktop app raises a notification, decided from each tick's events alone: a connection
// lost its last subflow (a 'sub-closed' event leaves it alive with none), or a connection failed
// over (a 'failover' event of the monitor's live detector, monitor/failover-watch.ts: the same
// events the timeline shows and the metrics count, announced once the takeover is confirmed, 5–10 s
// after it began). At most one notice per connection and kind per minute.
import type { Connection, FailoverDetails, PmEvent, TickUpdate } from '../contract.js';
import type { Host } from '../host/host.js';
import { socketAddressText } from '../monitor/keys.js';

/** One desktop notification. */
export interface Notice {
  readonly title: string;
  readonly body: string;
}

/** Options of {@link NotificationPolicy}. */
export interface NotificationPolicyOptions {
  /** Quiet time per connection and kind after a notice, ms (default 60 000). */
  readonly repeatMs?: number;
}

export class NotificationPolicy {
  /** Events of pushes between ticks, waiting for the next tick's snapshot. */
  private readonly held: PmEvent[] = [];
  private readonly announced = new Map<string, number>();
  private readonly repeatMs: number;

  constructor(options: NotificationPolicyOptions = {}) {
    this.repeatMs = options.repeatMs ?? 60_000;
  }

  /** The notices one tick calls for (usually none). */
  next(update: TickUpdate): Notice[] {
    // Events pushed between ticks come with the last snapshot: judge them with the next one.
    if (update.eventsOnly === true) {
      this.held.push(...update.events);
      return [];
    }
    const now = update.snapshot.time;
    for (const [key, at] of this.announced) {
      if (at < now - 2 * this.repeatMs) this.announced.delete(key);
    }
    const byToken = new Map(update.snapshot.connections.map((c) => [c.token, c]));
    const notices: Notice[] = [];
    for (const event of [...this.held.splice(0), ...update.events]) {
      if (event.token === undefined) continue;
      const connection = byToken.get(event.token);
      if (event.type === 'sub-closed') {
        if (connection?.subflows.length !== 0) continue;
        if (!this.fresh(`lost:${event.token}`, now)) continue;
        notices.push({
          title: 'A connection lost its last subflow',
          body:
            `${describe(connection)} has no path left${event.interface ? ` (the last one used ${event.interface})` : ''}; ` +
            'it stalls until a path comes back.',
        });
      } else if (event.type === 'failover' && event.failover !== undefined) {
        if (!this.fresh(`failover:${event.token}`, now)) continue;
        notices.push(failoverNotice(event, event.failover, connection));
      }
    }
    return notices;
  }

  /** Whether `key` was not announced within the quiet time; marks it announced now if so. */
  private fresh(key: string, now: number): boolean {
    const last = this.announced.get(key);
    if (last !== undefined && now - last < this.repeatMs) return false;
    this.announced.set(key, now);
    return true;
  }
}

function failoverNotice(
  event: PmEvent,
  failover: FailoverDetails,
  connection: Connection | undefined,
): Notice {
  const from = failover.from.interface;
  const to = failover.to.interface;
  const via = from && to && from !== to ? ` from ${from} to ${to}` : '';
  return {
    title: `A connection failed over${via}`,
    body:
      `${connection ? describe(connection) : `Connection ${event.token ?? '?'}`} moved its traffic ` +
      `from ${failover.from.subflow} to ${failover.to.subflow}: ${failover.gap}.`,
  };
}

function describe(c: Connection): string {
  return `The connection ${socketAddressText(c.local)} → ${socketAddressText(c.remote)}`;
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
