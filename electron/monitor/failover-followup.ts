// What happens after a failover, tick by tick (pure, one step per snapshot): when the path the
// traffic left carries traffic again ("recovered", and how long it was out), and whether the
// connection goes without a subflow on that path for more than SUBFLOW_MISSING_MS although the
// path is back — its endpoint is there and its interface is up with the address — which is the
// in-kernel path manager not re-creating a subflow it lost (mptcp_net-next issue #440). The live
// watch and the journal analysis both run this same step, so they cannot disagree.
import type { Connection, Snapshot } from '../contract.js';
import { connectionKey } from './keys.js';
import { COLLAPSE_RATIO } from './failover-rules.js';

/** How long a connection may lack a subflow on a path that is back before it is flagged, ms. */
export const SUBFLOW_MISSING_MS = 10_000;

/** The path a failover left: the carrier's local address and the interface it left by. */
export interface FailoverPath {
  readonly address: string;
  readonly interface: string | null;
}

/** The follow-up of one failover; `step` mutates it. */
export interface FollowUp {
  /** Connection key (token) of the connection. */
  readonly key: string;
  readonly path: FailoverPath;
  /** The carrier's throughput level before the collapse, bytes/s. */
  readonly level: number;
  /** The failover's `at`: ticks up to it are before the collapse. */
  readonly at: number;
  /** A tick after the collapse saw the path below COLLAPSE_RATIO of its level. */
  outSeen: boolean;
  /** Since when the path is back while the connection has no subflow on it, ms; null if not. */
  backSince: number | null;
  recoveredAt: number | null;
  missingAt: number | null;
  /** Connection gone or path recovered: nothing more to follow. */
  done: boolean;
}

/** What one step found. */
export type FollowUpNews =
  | {
      readonly kind: 'recovered';
      readonly at: number;
      /** How long the path carried less than COLLAPSE_RATIO of its level, ms. */
      readonly outMs: number;
      /** The path's throughput in that tick, bytes/s. */
      readonly rate: number;
    }
  | {
      readonly kind: 'subflow-missing';
      readonly at: number;
      /** Since when the path was back with no subflow of the connection on it. */
      readonly since: number;
    };

export function startFollowUp(
  key: string,
  path: FailoverPath,
  level: number,
  at: number,
): FollowUp {
  return {
    key,
    path,
    level,
    at,
    outSeen: false,
    backSince: null,
    recoveredAt: null,
    missingAt: null,
    done: false,
  };
}

const onPath = (path: FailoverPath, s: Connection['subflows'][number]): boolean =>
  s.local.address === path.address || (path.interface !== null && s.interface === path.interface);

/** The path's endpoint exists and an interface is up holding its address. */
function pathBack(path: FailoverPath, snapshot: Snapshot): boolean {
  const endpoint = snapshot.endpoints.some((e) => e.address === path.address);
  const link = snapshot.interfaces.some(
    (i) =>
      i.up &&
      i.addresses.includes(path.address) &&
      (path.interface === null || i.name === path.interface),
  );
  return endpoint && link;
}

/** Advances `f` by one snapshot (in time order); returns what it found in that tick. */
export function stepFollowUp(f: FollowUp, snapshot: Snapshot): FollowUpNews[] {
  if (f.done || snapshot.time <= f.at) return [];
  const c = snapshot.connections.find((x) => connectionKey(x) === f.key);
  if (!c) {
    f.done = true;
    return [];
  }
  const news: FollowUpNews[] = [];
  const subflows = c.subflows.filter((s) => onPath(f.path, s));
  const rate = subflows.reduce((sum, s) => sum + s.txRate + s.rxRate, 0);
  const threshold = COLLAPSE_RATIO * f.level;
  if (rate < threshold) f.outSeen = true;
  else if (f.outSeen) {
    f.recoveredAt = snapshot.time;
    f.done = true;
    news.push({ kind: 'recovered', at: snapshot.time, outMs: snapshot.time - f.at, rate });
    return news;
  }
  if (subflows.length === 0 && pathBack(f.path, snapshot)) {
    f.backSince ??= snapshot.time;
    if (f.missingAt === null && snapshot.time - f.backSince > SUBFLOW_MISSING_MS) {
      f.missingAt = snapshot.time;
      news.push({ kind: 'subflow-missing', at: snapshot.time, since: f.backSince });
    }
  } else {
    f.backSince = null;
  }
  return news;
}
