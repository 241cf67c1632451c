// Failover detection over a recorded session (pure): a connection whose carrying subflow
// collapsed while another subflow took the traffic over — when, from which to which, how long the
// connection stalled, and whether it survived.
//
// The rules, per connection (by token), at tick resolution:
// - Level: over the LEVEL_WINDOW_MS before a tick (at least MIN_WINDOW_TICKS ticks, and never
//   reaching back across an earlier failover), the connection's level is the MEDIAN of its
//   throughput (txRate + rxRate), so one odd tick does not move it. The carrier is the subflow
//   whose throughput summed over that window is largest, if it is at least half of all the
//   subflows' traffic. Connections below MIN_LEVEL bytes/s are idle and never fail over.
// - Collapse: a tick where the carrier moves less than 10 % of its own median level (or is gone).
// - Recovery: the first tick from the collapse on where the connection is back at 10 % or more
//   of its level. gapMs = the time from the tick before the collapse (`at`) to the last tick still
//   below 10 %: 0 when the other subflow picked the traffic up within the same tick.
// - Takeover: over the LEVEL_WINDOW_MS from the recovery (at least MIN_AFTER_TICKS ticks), the
//   subflow carrying most of the traffic is another one. If the old carrier comes back instead
//   (a one-tick dip, a short stall) it is no failover; if the connection never recovers (it died
//   or stalled to the end) it is no failover either: nothing took over.
// - survived: true when the connection is in the journal's last tick, its last state seen was an
//   orderly close (fin-wait, close-wait, last-ack, closing, time-wait), or the kernel sent `closed`
//   for it with no subflow error after it was last seen; false when a subflow closed with an error
//   or a reset reason then; null (unknown) when it vanished with no close information at all (no
//   kernel event: unprivileged, or an MP_FASTCLOSE). `survival` says which, in words.
// - Afterwards (failover-followup.ts, the live watch's step too): when the path it left carries
//   traffic again, and whether the connection lacked a subflow there although the path was back.
import type { Connection, PmEvent, Subflow, TickUpdate } from '../contract.js';
import { connectionKey, socketAddressText } from './keys.js';
import { startFollowUp, stepFollowUp } from './failover-followup.js';
import type { FailoverPath } from './failover-followup.js';
import { COLLAPSE_RATIO, LEVEL_WINDOW_MS, MIN_LEVEL } from './failover-rules.js';
import { gapText } from './failover-words.js';
import type { Failover } from './failover-types.js';

export { COLLAPSE_RATIO, LEVEL_WINDOW_MS, MIN_LEVEL };
const MIN_WINDOW_TICKS = 3;
const MIN_AFTER_TICKS = 2;
const CLOSING_STATES: ReadonlySet<string> = new Set([
  'fin-wait-1',
  'fin-wait-2',
  'close-wait',
  'last-ack',
  'closing',
  'time-wait',
]);

interface SubflowPoint {
  readonly rate: number;
  readonly text: string;
  readonly interface: string | null;
  readonly address: string;
}

interface Point {
  readonly time: number;
  readonly rate: number;
  readonly subflows: ReadonlyMap<string, SubflowPoint>;
}

interface Series {
  readonly key: string;
  readonly token: string;
  readonly points: Point[];
  lastState: string;
}

/** Whether a connection survived, and why Subflow says so. */
interface Survival {
  readonly survived: boolean | null;
  readonly survival: string;
}

/**
 * Every failover of every connection in `contents`, in time order, with its survival and what
 * followed (recovery of the path it left, a subflow not re-created).
 */
export function detectFailovers(contents: { readonly ticks: readonly TickUpdate[] }): Failover[] {
  const { ticks } = contents;
  const last = ticks[ticks.length - 1];
  const aliveAtEnd = new Set(last ? last.snapshot.connections.map(connectionKey) : []);
  const events = eventsByToken(ticks);
  const found: Failover[] = [];
  for (const series of connectionSeries(ticks).values()) {
    const { survived, survival } = survivalOf(series, aliveAtEnd, events.get(series.token) ?? []);
    for (const { path, ...f } of failoversOf(series.points)) {
      // The connection's level, as the live watch has it from the Failover alone.
      const followUp = startFollowUp(series.key, path, f.rateBefore, f.at);
      for (const { snapshot } of ticks) {
        if (followUp.done) break;
        stepFollowUp(followUp, snapshot);
      }
      found.push({
        token: series.token,
        ...f,
        gap: gapText(f),
        survived,
        survival,
        ...(followUp.recoveredAt !== null
          ? { recoveredAt: followUp.recoveredAt, outMs: followUp.recoveredAt - f.at }
          : {}),
        ...(followUp.missingAt !== null ? { subflowMissingAt: followUp.missingAt } : {}),
      });
    }
  }
  return found.sort((a, b) => a.at - b.at || a.token.localeCompare(b.token));
}

function eventsByToken(ticks: readonly TickUpdate[]): Map<string, PmEvent[]> {
  const byToken = new Map<string, PmEvent[]>();
  for (const { events } of ticks) {
    for (const e of events) {
      if (e.token === undefined) continue;
      const list = byToken.get(e.token);
      if (list) list.push(e);
      else byToken.set(e.token, [e]);
    }
  }
  return byToken;
}

function survivalOf(
  series: Series,
  aliveAtEnd: ReadonlySet<string>,
  events: readonly PmEvent[],
): Survival {
  if (aliveAtEnd.has(series.key)) {
    return { survived: true, survival: 'still open at the end of the recording' };
  }
  if (CLOSING_STATES.has(series.lastState)) {
    return { survived: true, survival: `closed in order (last seen in ${series.lastState})` };
  }
  const lastSeen = series.points[series.points.length - 1]?.time ?? 0;
  const closed = events.some((e) => e.type === 'closed' && e.source === 'kernel');
  if (closed) {
    const failed = events.find(
      (e) =>
        e.type === 'sub-closed' &&
        e.source === 'kernel' &&
        e.time >= lastSeen &&
        (Boolean(e.error) || e.resetReason !== undefined),
    );
    if (failed) {
      return {
        survived: false,
        survival: `ended by a failure: a subflow closed with ${failed.reason ?? `error ${String(failed.error)}`}`,
      };
    }
    return {
      survived: true,
      survival: "closed in order (the kernel's closed event, with no subflow error)",
    };
  }
  return {
    survived: null,
    survival:
      'unknown: it vanished between two samples and the kernel said nothing about how it ended',
  };
}

type Found = Omit<Failover, 'token' | 'survived' | 'survival' | 'gap'> & {
  readonly path: FailoverPath;
};

/** The failovers of one connection's points (oldest first). */
function failoversOf(points: readonly Point[]): Found[] {
  const found: Found[] = [];
  let floor = 0;
  for (let k = 1; k < points.length; k++) {
    const now = points[k] as Point;
    const before = windowBefore(points, floor, k);
    if (before.length < MIN_WINDOW_TICKS) continue;
    const level = median(before.map((p) => p.rate));
    if (level < MIN_LEVEL) continue;
    const carrier = mainSubflow(before);
    if (carrier === null) continue;
    const carrierLevel = median(before.map((p) => p.subflows.get(carrier)?.rate ?? 0));
    if ((now.subflows.get(carrier)?.rate ?? 0) >= COLLAPSE_RATIO * carrierLevel) continue;

    let m = k;
    while (m < points.length && (points[m] as Point).rate < COLLAPSE_RATIO * level) m++;
    if (m === points.length) continue;
    const after = windowFrom(points, m);
    if (after.length < MIN_AFTER_TICKS) continue;
    const taker = mainSubflow(after);
    if (taker === null || taker === carrier) continue;

    const from = describe(before, carrier);
    const to = describe(after, taker);
    const start = (points[k - 1] as Point).time;
    found.push({
      path: { address: from.address, interface: from.interface },
      at: start,
      from,
      to,
      gapMs: m > k ? (points[m - 1] as Point).time - start : 0,
      rateBefore: level,
      rateAfter: median(after.map((p) => p.rate)),
    });
    floor = m;
    k = m;
  }
  return found;
}

function windowBefore(points: readonly Point[], floor: number, k: number): Point[] {
  const since = (points[k] as Point).time - LEVEL_WINDOW_MS;
  const out: Point[] = [];
  for (let j = Math.max(floor, 0); j < k; j++) {
    const p = points[j] as Point;
    if (p.time >= since) out.push(p);
  }
  return out;
}

function windowFrom(points: readonly Point[], m: number): Point[] {
  const until = (points[m] as Point).time + LEVEL_WINDOW_MS;
  const out: Point[] = [];
  for (let j = m; j < points.length && (points[j] as Point).time < until; j++) {
    out.push(points[j] as Point);
  }
  return out;
}

/** The subflow with the most traffic over `points`, if it has at least half of it. */
function mainSubflow(points: readonly Point[]): string | null {
  const sums = new Map<string, number>();
  let total = 0;
  for (const p of points) {
    for (const [key, s] of p.subflows) {
      sums.set(key, (sums.get(key) ?? 0) + s.rate);
      total += s.rate;
    }
  }
  let best: string | null = null;
  let bestSum = 0;
  for (const [key, sum] of sums) {
    if (sum > bestSum) {
      best = key;
      bestSum = sum;
    }
  }
  return best !== null && total > 0 && bestSum >= total / 2 ? best : null;
}

function describe(points: readonly Point[], key: string): Failover['from'] {
  for (const p of points) {
    const s = p.subflows.get(key);
    if (s) return { subflow: s.text, interface: s.interface, address: s.address };
  }
  return { subflow: key, interface: null, address: '' };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const subflowText = (s: Subflow): string =>
  `${socketAddressText(s.local)} → ${socketAddressText(s.remote)}`;

function point(time: number, c: Connection): Point {
  const subflows = new Map<string, SubflowPoint>();
  for (const s of c.subflows) {
    const text = subflowText(s);
    subflows.set(text, {
      rate: s.txRate + s.rxRate,
      text,
      interface: s.interface,
      address: s.local.address,
    });
  }
  return { time, rate: c.txRate + c.rxRate, subflows };
}

/** Each connection's points over the journal, by connection key (its token). */
function connectionSeries(ticks: readonly TickUpdate[]): Map<string, Series> {
  const byToken = new Map<string, Series>();
  for (const { snapshot } of ticks) {
    for (const c of snapshot.connections) {
      const key = connectionKey(c);
      let series = byToken.get(key);
      if (!series) {
        series = { key, token: c.token, points: [], lastState: c.state };
        byToken.set(key, series);
      }
      series.points.push(point(snapshot.time, c));
      series.lastState = c.state;
    }
  }
  return byToken;
}
