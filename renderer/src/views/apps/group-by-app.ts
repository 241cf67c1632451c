// The per-app view's numbers: the connections of a snapshot grouped by the process that holds
// them (Connection.process), with their bytes, rates, connections and subflows summed, and a sort
// over any column. Connections whose process is unknown form one group of their own, and those
// of a journal recorded before processes were looked up another: Subflow does not guess. Pure.
import type { Connection } from '../../../../electron/contract.js';

/** Why a group has no app name. */
export type UnknownApp = 'not-found' | 'not-recorded';

export interface AppGroup {
  /** Stable key: the app name, or the reason it is unknown. */
  readonly key: string;
  /** The process name (comm), or null when unknown (see `unknown`). */
  readonly name: string | null;
  readonly unknown?: UnknownApp;
  /** The pids holding its connections, ascending. */
  readonly pids: readonly number[];
  readonly connections: number;
  readonly subflows: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Summed rates of its connections, bytes per second (those on their first reading add 0). */
  readonly txRate: number;
  readonly rxRate: number;
  /** Of its connections, how many are on their first reading: their rates are not known yet. */
  readonly measuring: number;
}

export type AppSortKey = 'app' | 'connections' | 'subflows' | 'sent' | 'received' | 'throughput';

export interface AppSort {
  readonly key: AppSortKey;
  readonly direction: 'asc' | 'desc';
}

/** The busiest app first. */
export const DEFAULT_APP_SORT: AppSort = { key: 'throughput', direction: 'desc' };

interface Sums {
  name: string | null;
  unknown?: UnknownApp;
  pids: Set<number>;
  connections: number;
  subflows: number;
  bytesSent: number;
  bytesReceived: number;
  txRate: number;
  rxRate: number;
  measuring: number;
}

/**
 * The apps of `connections`, unsorted. `time` is the snapshot's: a connection first seen then is
 * on its first reading.
 */
export function groupByApp(connections: readonly Connection[], time?: number): AppGroup[] {
  const groups = new Map<string, Sums>();
  for (const c of connections) {
    const p = c.process;
    const unknown: UnknownApp | undefined =
      p === undefined ? 'not-recorded' : p === null ? 'not-found' : undefined;
    const key = p ? `app:${p.name}` : `unknown:${unknown ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        name: p ? p.name : null,
        ...(unknown ? { unknown } : {}),
        pids: new Set(),
        connections: 0,
        subflows: 0,
        bytesSent: 0,
        bytesReceived: 0,
        txRate: 0,
        rxRate: 0,
        measuring: 0,
      };
      groups.set(key, g);
    }
    if (p) g.pids.add(p.pid);
    g.connections += 1;
    g.subflows += c.subflows.length;
    g.bytesSent += c.bytesSent;
    g.bytesReceived += c.bytesReceived;
    g.txRate += c.txRate;
    g.rxRate += c.rxRate;
    if (c.firstSeen === time) g.measuring += 1;
  }
  return [...groups].map(([key, g]) => ({
    key,
    name: g.name,
    ...(g.unknown ? { unknown: g.unknown } : {}),
    pids: [...g.pids].sort((a, b) => a - b),
    connections: g.connections,
    subflows: g.subflows,
    bytesSent: g.bytesSent,
    bytesReceived: g.bytesReceived,
    txRate: g.txRate,
    rxRate: g.rxRate,
    measuring: g.measuring,
  }));
}

function value(g: AppGroup, key: Exclude<AppSortKey, 'app'>): number {
  switch (key) {
    case 'connections':
      return g.connections;
    case 'subflows':
      return g.subflows;
    case 'sent':
      return g.bytesSent;
    case 'received':
      return g.bytesReceived;
    case 'throughput':
      return g.txRate + g.rxRate;
  }
}

/** `groups` sorted by `sort`; ties by name; unknown apps after the named ones by name. */
export function sortApps(groups: readonly AppGroup[], sort: AppSort): AppGroup[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: AppGroup, b: AppGroup): number =>
    a.name === null || b.name === null
      ? Number(a.name === null) - Number(b.name === null) || a.key.localeCompare(b.key)
      : a.name.localeCompare(b.name);
  return [...groups].sort((a, b) => {
    if (sort.key === 'app') return sign * byName(a, b);
    return sign * (value(a, sort.key) - value(b, sort.key)) || byName(a, b);
  });
}

/** The sort after clicking `key`: names start A–Z, numbers largest first; the same key flips. */
export function nextAppSort(current: AppSort, key: AppSortKey): AppSort {
  if (current.key !== key) return { key, direction: key === 'app' ? 'asc' : 'desc' };
  return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}
