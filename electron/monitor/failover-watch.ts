// Failovers as they happen: keeps a sliding window of recent ticks and runs the journal's pure
// detector (session/failover.ts) over it, reporting each failover once. The detector costs
// about half a second for 1,000 busy connections over a minute, so it only looks at candidates:
// connections where some subflow's throughput just fell below 10 % of its recent level. After a
// failover it follows the path left with the journal's own step (session/failover-followup.ts):
// recovery, and a subflow the path manager did not re-create. Feeds the metrics and the event
// timeline ('failover', 'recovered', 'subflow-missing' events).
import type { Snapshot, TickUpdate } from '../contract.js';
import { detectFailovers } from './failover.js';
import { startFollowUp, stepFollowUp } from './failover-followup.js';
import type { FailoverPath, FollowUp, FollowUpNews } from './failover-followup.js';
import { COLLAPSE_RATIO, LEVEL_WINDOW_MS, MIN_LEVEL } from './failover-rules.js';
import type { Failover } from './failover-types.js';
import { connectionKey, subflowKey } from './keys.js';

export { failoverSentence } from './failover-words.js';

export interface FailoverWatchOptions {
  /** Ticks older than this are dropped from the window, ms (default and minimum 4 × 5 s). */
  readonly windowMs?: number;
  /** How often the detector runs while there are candidates, ms of tick time (default 2 s). */
  readonly everyMs?: number;
  /** Called when the path a reported failover left recovers, or lacks a re-created subflow. */
  readonly onFollowUp?: (failover: Failover, path: FailoverPath, news: FollowUpNews) => void;
}

/** A failover followed at most this long after it was reported, ms (bounds memory). */
const FOLLOW_UP_MAX_MS = 30 * 60_000;

/**
 * A failover's identity without its time: seen again in a later window (where the detector may
 * place its start a tick apart) within LEVEL_WINDOW_MS × 2, it is the same failover.
 */
const failoverKey = (f: Failover): string => `${f.token} ${f.from.subflow} ${f.to.subflow}`;

/** Weight of the newest rate in a subflow's running level. */
const LEVEL_WEIGHT = 0.5;

/**
 * Returns a tick consumer that calls `onFailover` once per failover found. A failover is only
 * final once the takeover has lasted LEVEL_WINDOW_MS, so it is reported that much after it began.
 */
export function createFailoverWatch(
  onFailover: (failover: Failover) => void,
  options: FailoverWatchOptions = {},
): (update: TickUpdate) => void {
  const windowMs = Math.max(options.windowMs ?? 4 * LEVEL_WINDOW_MS, 4 * LEVEL_WINDOW_MS);
  const everyMs = options.everyMs ?? 2000;
  const ticks: TickUpdate[] = [];
  let levels = new Map<string, number>(); // "connection/subflow" → running throughput level
  const candidates = new Map<string, number>(); // connection key → watched until (tick time)
  const reported = new Map<string, number>(); // failover key → time of the last one so identified
  const following: { failover: Failover; followUp: FollowUp }[] = [];
  let lastRun = -Infinity;

  const stepAll = (snapshot: Snapshot) => {
    for (let i = following.length - 1; i >= 0; i--) {
      const item = following[i];
      if (!item) continue;
      const { failover, followUp } = item;
      for (const news of stepFollowUp(followUp, snapshot)) {
        options.onFollowUp?.(failover, followUp.path, news);
      }
      if (followUp.done || snapshot.time - followUp.at > FOLLOW_UP_MAX_MS) following.splice(i, 1);
    }
  };

  /** Starts following a reported failover, catching up on the window's ticks since it began. */
  const startFollowing = (failover: Failover) => {
    const path = { address: failover.from.address, interface: failover.from.interface };
    const level = failover.rateBefore;
    const item = {
      failover,
      followUp: startFollowUp(connectionKeyOf(failover), path, level, failover.at),
    };
    for (const tick of ticks) {
      for (const news of stepFollowUp(item.followUp, tick.snapshot)) {
        options.onFollowUp?.(failover, path, news);
      }
      if (item.followUp.done) return;
    }
    following.push(item);
  };

  const noteCollapses = (update: TickUpdate, now: number) => {
    const next = new Map<string, number>();
    for (const c of update.snapshot.connections) {
      const ckey = connectionKey(c);
      for (const s of c.subflows) {
        const key = subflowKey(c, s); // `${ckey}/…`, remembered while the socket is unchanged
        const rate = s.txRate + s.rxRate;
        const level = levels.get(key);
        if (level !== undefined && level >= MIN_LEVEL / 2 && rate < COLLAPSE_RATIO * level) {
          candidates.set(ckey, now + windowMs);
        }
        next.set(
          key,
          level === undefined ? rate : LEVEL_WEIGHT * rate + (1 - LEVEL_WEIGHT) * level,
        );
      }
    }
    // A subflow that vanished while it carried traffic is a collapse too.
    for (const [key, level] of levels) {
      if (level >= MIN_LEVEL / 2 && !next.has(key)) {
        candidates.set(key.slice(0, key.indexOf('/')), now + windowMs);
      }
    }
    levels = next;
  };

  return (update) => {
    const now = update.snapshot.time;
    ticks.push(update);
    while (ticks.length > 0 && (ticks[0]?.snapshot.time ?? now) < now - windowMs) ticks.shift();
    noteCollapses(update, now);
    stepAll(update.snapshot);
    for (const [key, until] of candidates) if (until < now) candidates.delete(key);
    for (const [key, at] of reported) if (at < now - 2 * windowMs) reported.delete(key);
    if (candidates.size === 0 || now - lastRun < everyMs) return;
    lastRun = now;
    const watched = ticks.map((t) => ({
      ...t,
      snapshot: {
        ...t.snapshot,
        connections: t.snapshot.connections.filter((c) => candidates.has(connectionKey(c))),
      },
    }));
    // A collapse near the window's start has no full level before it: leave it to the past.
    const oldest = ticks[0]?.snapshot.time ?? now;
    for (const failover of detectFailovers({ ticks: watched })) {
      if (failover.at < oldest + LEVEL_WINDOW_MS) continue;
      const key = failoverKey(failover);
      const previous = reported.get(key);
      reported.set(key, failover.at);
      if (previous !== undefined && Math.abs(failover.at - previous) <= 2 * LEVEL_WINDOW_MS)
        continue;
      onFailover(failover);
      startFollowing(failover);
    }
  };
}

/**
 * A Failover names its connection by token, which is its key (keys.ts) except for the rare
 * connection without one; those are not followed.
 */
const connectionKeyOf = (f: Failover): string => f.token;
