// The per-app part of a report: the session's connections grouped by the name of the process
// that held them, with bytes, connections and subflows per app. Pure.
import type { AppReport, ConnectionReport } from './report-types.js';

interface AppAcc {
  pids: Set<number>;
  connections: number;
  subflows: number;
  bytesSent: number;
  bytesReceived: number;
}

/**
 * Apps by bytes moved (sent + received), most first; connections whose process was not found
 * form one group named null. Empty when no connection says anything about its process (a journal
 * recorded before Subflow named them): then nothing is known, and nothing is claimed.
 */
export function buildApps(connections: readonly ConnectionReport[]): AppReport[] {
  if (connections.every((c) => c.process === undefined)) return [];
  const apps = new Map<string | null, AppAcc>();
  for (const c of connections) {
    const name = c.process?.name ?? null;
    let acc = apps.get(name);
    if (!acc) {
      acc = { pids: new Set(), connections: 0, subflows: 0, bytesSent: 0, bytesReceived: 0 };
      apps.set(name, acc);
    }
    if (c.process) acc.pids.add(c.process.pid);
    acc.connections++;
    acc.subflows += c.subflows.length;
    acc.bytesSent += c.bytesSent;
    acc.bytesReceived += c.bytesReceived;
  }
  return [...apps.entries()]
    .map(([name, a]) => ({
      name,
      pids: [...a.pids].sort((x, y) => x - y),
      connections: a.connections,
      subflows: a.subflows,
      bytesSent: a.bytesSent,
      bytesReceived: a.bytesReceived,
    }))
    .sort(
      (a, b) =>
        b.bytesSent + b.bytesReceived - (a.bytesSent + a.bytesReceived) ||
        (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'),
    );
}
