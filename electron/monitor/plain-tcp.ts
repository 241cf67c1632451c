// Apps using plain TCP: the established non-MPTCP TCP connections of a sample grouped by the
// process holding them, with bytes and rates, busiest first and bounded. Pure.
import type { PlainTcpApp } from '../contract.js';
import type { SampledPlainTcp } from '../../native/kernel/sample.js';
import type { ProcessFacts } from '../../native/procfs/socket-owners.js';
import { readingRates } from './rates.js';
import type { CounterReading } from './rates.js';

/** At most this many apps are listed. */
export const MAX_PLAIN_TCP_APPS = 20;

export interface PlainTcpBuild {
  readonly apps: PlainTcpApp[];
  /** Counter readings by socket cookie, for the next tick's rates. */
  readonly readings: Map<string, CounterReading>;
}

interface Acc {
  connections: number;
  bytesSent: number;
  bytesReceived: number;
  txRate: number;
  rxRate: number;
}

/** Groups `sockets` by owner pid; `previous` holds last tick's readings by cookie. */
export function buildPlainTcpApps(
  sockets: readonly SampledPlainTcp[],
  processes: ReadonlyMap<number, ProcessFacts>,
  monotonicMs: number,
  previous: ReadonlyMap<string, CounterReading> | undefined,
  limit = MAX_PLAIN_TCP_APPS,
): PlainTcpBuild {
  const readings = new Map<string, CounterReading>();
  const byPid = new Map<number, Acc>();
  for (const s of sockets) {
    const reading = { t: monotonicMs, tx: s.bytesAcked, rx: s.bytesReceived };
    readings.set(s.cookie, reading);
    const { txRate, rxRate } = readingRates(previous?.get(s.cookie), reading);
    let acc = byPid.get(s.ownerPid);
    if (!acc) {
      acc = { connections: 0, bytesSent: 0, bytesReceived: 0, txRate: 0, rxRate: 0 };
      byPid.set(s.ownerPid, acc);
    }
    acc.connections++;
    acc.bytesSent += s.bytesAcked;
    acc.bytesReceived += s.bytesReceived;
    acc.txRate += txRate;
    acc.rxRate += rxRate;
  }
  const apps: PlainTcpApp[] = [];
  for (const [pid, acc] of byPid) {
    const p = processes.get(pid);
    if (!p) continue;
    apps.push({ pid, name: p.name, cmdline: p.cmdline, user: p.user, ...acc });
  }
  apps.sort(
    (a, b) =>
      b.txRate + b.rxRate - (a.txRate + a.rxRate) ||
      b.bytesSent + b.bytesReceived - (a.bytesSent + a.bytesReceived) ||
      a.pid - b.pid,
  );
  return { apps: apps.slice(0, limit), readings };
}
