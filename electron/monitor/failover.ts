// Failover detection over a run of ticks (pure): a connection whose carrying subflow collapsed
// while another subflow took the traffic over — when, from which to which, how long the
// connection stalled, and whether it survived. The monitor owns it: the live watch
// (failover-watch.ts) runs it over its window of ticks, and session/report over a journal's.
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
// - survived: the connection is in the journal's last tick, or its last state seen was an
//   orderly close (fin-wait, close-wait, last-ack, closing, time-wait). One that vanished while
//   established counts as not survived: the journal cannot tell a reset from a close faster
//   than one tick.
import type { Connection, Subflow, TickUpdate } from '../contract.js';
import { connectionKey, socketAddressText } from './keys.js';

/** A connection's traffic moving from one subflow to another (see the rules above). */
export interface Failover {
  /** Connection token. */
  readonly token: string;
  /** When the carrying subflow's traffic collapsed, ms since the epoch. */
  readonly at: number;
  /** Subflow that carried the traffic before, as "local → remote" text, with its interface. */
  readonly from: { readonly subflow: string; readonly interface: string | null };
  /** Subflow that carried it after. */
  readonly to: { readonly subflow: string; readonly interface: string | null };
  /** How long the connection's throughput stayed below 10 % of the level before, ms. */
  readonly gapMs: number;
  /** Throughput before the collapse and after recovery, bytes/s (tx + rx). */
  readonly rateBefore: number;
  readonly rateAfter: number;
  /** Whether the connection was still alive at the end of the journal (or when it was seen last). */
  readonly survived: boolean;
}

/** The window of the level before a collapse and of the takeover after recovery, ms. */
export const LEVEL_WINDOW_MS = 5000;
/** A collapse / stall is below this fraction of the level. */
export const COLLAPSE_RATIO = 0.1;
/** Below this median throughput (bytes/s) a connection is idle: not watched for failovers. */
export const MIN_LEVEL = 10_000;
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

/** Every failover of every connection in `contents`, in time order. */
export function detectFailovers(contents: { readonly ticks: readonly TickUpdate[] }): Failover[] {
  const { ticks } = contents;
  const last = ticks[ticks.length - 1];
  const aliveAtEnd = new Set(last ? last.snapshot.connections.map(connectionKey) : []);
  const found: Failover[] = [];
  for (const series of connectionSeries(ticks).values()) {
    const survived = aliveAtEnd.has(series.key) || CLOSING_STATES.has(series.lastState);
    for (const f of failoversOf(series.points)) found.push({ token: series.token, ...f, survived });
  }
  return found.sort((a, b) => a.at - b.at || a.token.localeCompare(b.token));
}

type Found = Omit<Failover, 'token' | 'survived'>;

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
    if (s) return { subflow: s.text, interface: s.interface };
  }
  return { subflow: key, interface: null };
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
    subflows.set(text, { rate: s.txRate + s.rxRate, text, interface: s.interface });
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
