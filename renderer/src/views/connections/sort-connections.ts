// Sorting the connections table: by any column, ties broken by the previous order and then the
// token, so rows keep their place between ticks unless their values really differ.
import type { Connection } from '../../../../electron/contract.js';

/** Sortable columns of the connections table. */
export type ConnectionSortKey = 'endpoints' | 'app' | 'state' | 'age' | 'subflows' | 'throughput';
export type SortDirection = 'asc' | 'desc';

export interface ConnectionSort {
  readonly key: ConnectionSortKey;
  readonly direction: SortDirection;
}

/** Throughput descending: the busiest connection first. */
export const DEFAULT_SORT: ConnectionSort = { key: 'throughput', direction: 'desc' };

/** The direction a column sorts in when first clicked (numbers: largest first). */
export function initialDirection(key: ConnectionSortKey): SortDirection {
  return key === 'endpoints' || key === 'app' || key === 'state' ? 'asc' : 'desc';
}

/** The sort after clicking `key`: a new column starts in its natural direction, the same flips. */
export function nextSort(current: ConnectionSort, key: ConnectionSortKey): ConnectionSort {
  if (current.key !== key) return { key, direction: initialDirection(key) };
  return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}

/** tx + rx, bytes per second. */
export function throughput(connection: Connection): number {
  return connection.txRate + connection.rxRate;
}

/**
 * The throughput each connection sorts by: its previous sort value while the real rate stays
 * within `tolerance` (10 %) of it, else the real rate. The jitter of a steady transfer then does
 * not move rows every second; a real change does.
 */
export function stickyRates(
  connections: readonly Connection[],
  previous: ReadonlyMap<string, number>,
  tolerance = 0.1,
): Map<string, number> {
  const rates = new Map<string, number>();
  for (const c of connections) {
    const rate = throughput(c);
    const before = previous.get(c.token);
    const keep = before !== undefined && Math.abs(rate - before) <= tolerance * before;
    rates.set(c.token, keep ? before : rate);
  }
  return rates;
}

/** "4:198.051.100.001" / "6:2001:0db8:…": IPv4 before IPv6, each in numeric order. */
export function addressSortKey(address: string): string {
  if (!address.includes(':')) {
    return `4:${address
      .split('.')
      .map((o) => o.padStart(3, '0'))
      .join('.')}`;
  }
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const middle = address.includes('::') ? 8 - left.length - right.length : 0;
  const groups = [...left, ...Array<string>(Math.max(0, middle)).fill('0'), ...right];
  return `6:${groups.map((g) => g.toLowerCase().padStart(4, '0')).join(':')}`;
}

function compareSockets(a: Connection['local'], b: Connection['local']): number {
  const ka = addressSortKey(a.address);
  const kb = addressSortKey(b.address);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.port - b.port;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Apps by name then pid; connections with no known process after every named one. */
function compareApps(a: Connection['process'], b: Connection['process']): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return collator.compare(a.name, b.name) || a.pid - b.pid;
}

function compareBy(
  key: ConnectionSortKey,
  a: Connection,
  b: Connection,
  rates: ReadonlyMap<string, number>,
): number {
  switch (key) {
    case 'endpoints':
      return compareSockets(a.local, b.local) || compareSockets(a.remote, b.remote);
    case 'app':
      return compareApps(a.process, b.process);
    case 'state':
      return collator.compare(a.state, b.state);
    case 'age':
      // age = now − firstSeen, so ascending age = youngest (latest firstSeen) first.
      return b.firstSeen - a.firstSeen;
    case 'subflows':
      return a.subflows.length - b.subflows.length;
    case 'throughput':
      return (rates.get(a.token) ?? throughput(a)) - (rates.get(b.token) ?? throughput(b));
  }
}

/**
 * A new array of `connections` sorted by `sort`; equal rows keep their position in
 * `previousOrder` (tokens, as last shown), then go by token. Throughput sorts by `rates` (see
 * stickyRates) where given, else by the current rate.
 */
export function sortConnections(
  connections: readonly Connection[],
  sort: ConnectionSort,
  previousOrder: readonly string[] = [],
  rates: ReadonlyMap<string, number> = new Map(),
): Connection[] {
  const previous = new Map<string, number>();
  previousOrder.forEach((token, i) => previous.set(token, i));
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...connections].sort((a, b) => {
    const byKey = compareBy(sort.key, a, b, rates) * sign;
    if (byKey !== 0) return byKey;
    const pa = previous.get(a.token) ?? Number.MAX_SAFE_INTEGER;
    const pb = previous.get(b.token) ?? Number.MAX_SAFE_INTEGER;
    if (pa !== pb) return pa - pb;
    return a.token < b.token ? -1 : a.token > b.token ? 1 : 0;
  });
}

/**
 * Sorts like sortConnections, remembering the order it returned last (the tie-breaker) and the
 * sticky throughput of each row.
 */
export interface StableOrder {
  sort(connections: readonly Connection[], sort: ConnectionSort): Connection[];
}

/** A StableOrder starting from no previous order; one per table. */
export function createStableOrder(): StableOrder {
  let previous: readonly string[] = [];
  let rates: ReadonlyMap<string, number> = new Map();
  return {
    sort(connections, sort) {
      rates = stickyRates(connections, rates);
      const sorted = sortConnections(connections, sort, previous, rates);
      previous = sorted.map((c) => c.token);
      return sorted;
    },
  };
}
