// Which paths a connection uses, at a glance: the share of its current traffic (sent +
// received) carried by each interface, for the bar and words in its row. Pure.
import type { Connection } from '../../../../electron/contract.js';

/** One interface's part of a connection's traffic. */
export interface PathShare {
  /** Interface name; null for subflows whose interface Subflow does not know. */
  readonly interface: string | null;
  /** Bytes per second now (sent + received over this interface's subflows). */
  readonly rate: number;
  /** Whole percent of the connection's rate; the shares of a busy connection add up to 100. */
  readonly percent: number;
  /** Subflows on this interface. */
  readonly subflows: number;
}

/** The path mix of one connection. */
export interface PathMix {
  /** Busiest first; for an idle connection, the interfaces its subflows use, by name. */
  readonly shares: readonly PathShare[];
  /** No subflow carries anything this tick. */
  readonly idle: boolean;
}

/** Name for an unknown interface in text. */
export const UNKNOWN_PATH = 'unknown interface';

/**
 * Percentages by largest remainder, so they are whole numbers that add up to exactly 100
 * (66.6 + 33.4 reads 67 % · 33 %, never 67 % · 34 %).
 */
export function wholePercents(rates: readonly number[]): number[] {
  const total = rates.reduce((sum, r) => sum + r, 0);
  if (!(total > 0)) return rates.map(() => 0);
  const exact = rates.map((r) => (r / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, f) => sum + f, 0);
  const order = exact
    .map((e, i) => ({ i, rest: e - Math.floor(e) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** The traffic of `connection`'s subflows grouped by interface. */
export function pathMix(connection: Pick<Connection, 'subflows'>): PathMix {
  const byInterface = new Map<string | null, { rate: number; subflows: number }>();
  for (const s of connection.subflows) {
    const entry = byInterface.get(s.interface) ?? { rate: 0, subflows: 0 };
    entry.rate += Math.max(0, s.txRate) + Math.max(0, s.rxRate);
    entry.subflows += 1;
    byInterface.set(s.interface, entry);
  }
  const entries = [...byInterface.entries()];
  const idle = entries.every(([, e]) => !(e.rate > 0));
  const percents = wholePercents(entries.map(([, e]) => e.rate));
  const shares = entries.map(([name, e], i) => ({
    interface: name,
    rate: e.rate,
    percent: percents[i] ?? 0,
    subflows: e.subflows,
  }));
  const nameOf = (s: PathShare) => s.interface ?? '\uffff';
  shares.sort((a, b) =>
    idle ? (nameOf(a) < nameOf(b) ? -1 : 1) : b.rate - a.rate || (nameOf(a) < nameOf(b) ? -1 : 1),
  );
  return { shares, idle };
}

/** "red-c 66 % · blue-c 34 %"; "idle · red-c, blue-c"; "no subflow". */
export function pathMixText(mix: PathMix): string {
  if (mix.shares.length === 0) return 'no subflow';
  const name = (s: PathShare) => s.interface ?? UNKNOWN_PATH;
  if (mix.idle) return `idle · ${mix.shares.map(name).join(', ')}`;
  return mix.shares.map((s) => `${name(s)} ${s.percent}\u00a0%`).join(' · ');
}
