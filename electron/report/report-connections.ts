// The per-connection part of a report: each connection's lifetime and bytes, and each subflow's
// lifetime, bytes, backup use and throughput series, gathered over the journal's ticks. Pure.
import type { Connection, Subflow, TickUpdate } from '../contract.js';
import { connectionKey, socketAddressText, subflowKeyInConnection } from '../monitor/keys.js';
import type { ConnectionReport, SubflowReport } from './report-types.js';

/** "local → remote", the text failovers name subflows by. */
export const subflowName = (s: Pick<Subflow, 'local' | 'remote'>): string =>
  `${socketAddressText(s.local)} → ${socketAddressText(s.remote)}`;

interface SubflowAcc {
  last: Subflow;
  firstSeen: number;
  lastSeen: number;
  backupEver: boolean;
  backupMs: number;
  backupBytes: number;
  /** One entry per rated tick of the connection; null while absent. */
  rate: (number | null)[];
}

interface ConnectionAcc {
  last: Connection;
  /** The last process named (kept when a later tick has none), null if never, undefined if never looked. */
  process: Connection['process'];
  firstSeen: number;
  lastSeen: number;
  peakRate: number;
  time: number[];
  subflows: Map<string, SubflowAcc>;
}

/**
 * Every connection of `ticks`, by first sight. `rated[i]` says whether tick i's rates count (the
 * baseline tick of a fresh monitor has none); `intervalMs` stands for the interval before tick 0.
 */
export function buildConnections(
  ticks: readonly TickUpdate[],
  rated: readonly boolean[],
  intervalMs: number,
): ConnectionReport[] {
  const all = new Map<string, ConnectionAcc>();
  let previousTime: number | undefined;
  ticks.forEach(({ snapshot }, i) => {
    const time = snapshot.time;
    const interval = previousTime === undefined ? intervalMs : Math.max(0, time - previousTime);
    previousTime = time;
    for (const c of snapshot.connections) {
      const key = connectionKey(c);
      let acc = all.get(key);
      if (!acc) {
        acc = {
          last: c,
          process: undefined,
          firstSeen: Math.min(c.firstSeen, time),
          lastSeen: time,
          peakRate: 0,
          time: [],
          subflows: new Map(),
        };
        all.set(key, acc);
      }
      const isRated = rated[i] === true;
      if (isRated) {
        acc.time.push(time);
        acc.peakRate = Math.max(acc.peakRate, c.txRate + c.rxRate);
      }
      for (const s of c.subflows) addSubflow(acc, s, time, interval, isRated);
      acc.last = c;
      acc.lastSeen = time;
      if (c.process !== undefined && (c.process !== null || acc.process == null)) {
        acc.process = c.process;
      }
    }
  });
  const lastTick = ticks[ticks.length - 1];
  const openAtEnd = new Set(lastTick ? lastTick.snapshot.connections.map(connectionKey) : []);
  return [...all.entries()]
    .map(([key, acc]) => finish(acc, openAtEnd.has(key), lastTick?.snapshot.connections))
    .sort((a, b) => a.firstSeen - b.firstSeen || a.token.localeCompare(b.token));
}

function addSubflow(
  acc: ConnectionAcc,
  s: Subflow,
  time: number,
  interval: number,
  isRated: boolean,
): void {
  const key = subflowKeyInConnection(s);
  let sub = acc.subflows.get(key);
  const moved = sub
    ? Math.max(0, s.bytesAcked - sub.last.bytesAcked) +
      Math.max(0, s.bytesReceived - sub.last.bytesReceived)
    : 0;
  if (!sub) {
    // Absent until now: null for every rated tick of the connection before this one.
    const before = isRated ? acc.time.length - 1 : acc.time.length;
    sub = {
      last: s,
      firstSeen: time,
      lastSeen: time,
      backupEver: false,
      backupMs: 0,
      backupBytes: 0,
      rate: new Array<number | null>(before).fill(null),
    };
    acc.subflows.set(key, sub);
  }
  if (s.backup) {
    sub.backupEver = true;
    sub.backupMs += interval;
    sub.backupBytes += moved;
  }
  if (isRated) {
    // Pad the ticks it missed since last seen, then this tick's value.
    while (sub.rate.length < acc.time.length - 1) sub.rate.push(null);
    sub.rate.push(s.txRate + s.rxRate);
  }
  sub.last = s;
  sub.lastSeen = time;
}

function finish(
  acc: ConnectionAcc,
  open: boolean,
  lastConnections: readonly Connection[] | undefined,
): ConnectionReport {
  const c = acc.last;
  const lastSubflows = new Set(
    open
      ? (lastConnections?.find((x) => connectionKey(x) === connectionKey(c))?.subflows ?? []).map(
          subflowKeyInConnection,
        )
      : [],
  );
  const subflows: SubflowReport[] = [...acc.subflows.entries()]
    .map(([key, sub]): SubflowReport => {
      const s = sub.last;
      const rate = [...sub.rate];
      while (rate.length < acc.time.length) rate.push(null);
      return {
        name: subflowName(s),
        local: s.local,
        remote: s.remote,
        interface: s.interface,
        localId: s.localId,
        remoteId: s.remoteId,
        firstSeen: sub.firstSeen,
        lastSeen: sub.lastSeen,
        openAtEnd: lastSubflows.has(key),
        lastState: s.state,
        bytesSent: s.bytesAcked,
        bytesReceived: s.bytesReceived,
        backup: {
          ever: sub.backupEver,
          ms: sub.backupMs,
          bytes: sub.backupBytes,
          carried: sub.backupBytes > 0,
        },
        rate,
      };
    })
    .sort((a, b) => a.firstSeen - b.firstSeen || a.name.localeCompare(b.name));
  return {
    token: c.token,
    local: c.local,
    remote: c.remote,
    firstSeen: acc.firstSeen,
    lastSeen: acc.lastSeen,
    openAtEnd: open,
    lastState: c.state,
    bytesSent: c.bytesSent,
    bytesReceived: c.bytesReceived,
    peakRate: acc.peakRate,
    time: acc.time,
    subflows,
    fallback: c.fallback,
    ...(c.fallback ? { fallbackReason: c.fallbackReason ?? 'reason unknown' } : {}),
    ...(acc.process !== undefined && { process: acc.process }),
  };
}
