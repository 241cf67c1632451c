// Data for the expanded connection's stacked area chart: one band per subflow (tx + rx, bytes/s)
// on a common time axis, downsampled to the chart's pixel width, plus what each band is called.
// Pure: series and subflows in, rows and labels out.
import type { PmEvent, RateSeries, Subflow } from '../../../../electron/contract.js';
import { downsampleIndices } from '../../charts/downsample.js';
import { socketAddressKey } from '../../store/keys.js';
import { pairText, parseSubflowKey } from './address-text.js';

/** One chart row: `time` (ms since the epoch) and, per band, `s0`, `s1`, … in bytes/s. */
export interface StackedRow {
  readonly time: number;
  readonly [dataKey: string]: number;
}

/** One band of the chart. */
export interface StackedBand {
  /** The subflow's series key (store/keys.ts). */
  readonly key: string;
  /** recharts dataKey: `s${index}` (keys hold dots, which recharts would read as paths). */
  readonly dataKey: string;
  /** Interface name, or null when unknown. */
  readonly interface: string | null;
  /** "local → remote". */
  readonly addresses: string;
  /** Gone from the latest snapshot; its series stays until the store drops it. */
  readonly closed: boolean;
  readonly color: string;
}

/** The subflow series keys of connection `token`, oldest subflow first (stable colours). */
export function connectionSeriesKeys(
  token: string,
  subflowSeries: Readonly<Record<string, RateSeries>>,
): string[] {
  const prefix = `${token}/`;
  const keys = Object.keys(subflowSeries).filter((k) => k.startsWith(prefix));
  const first = (k: string): number => subflowSeries[k]?.time[0] ?? Number.MAX_SAFE_INTEGER;
  return keys.sort((a, b) => first(a) - first(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** What the events tell of a subflow that is gone from the snapshot. */
export interface ClosedSubflowInfo {
  readonly interface: string | null;
  readonly localId?: number;
  readonly remoteId?: number;
  readonly backup?: boolean;
}

/**
 * What the latest events naming subflow `key` say about it (newest first, as the store keeps
 * them): interface, ids, backup. Empty fields when no event names it.
 */
export function closedSubflowInfo(key: string, events: readonly PmEvent[]): ClosedSubflowInfo {
  const parsed = parseSubflowKey(key);
  let info: { interface: string | null; localId?: number; remoteId?: number; backup?: boolean } = {
    interface: null,
  };
  if (parsed === null) return info;
  for (const event of events) {
    if (event.token !== parsed.token || event.local === undefined || event.remote === undefined) {
      continue;
    }
    const local = socketAddressKey(event.local);
    if (local !== parsed.local || socketAddressKey(event.remote) !== parsed.remote) {
      continue;
    }
    info = {
      interface: info.interface ?? event.interface ?? null,
      localId: info.localId ?? event.localId,
      remoteId: info.remoteId ?? event.remoteId,
      backup: info.backup ?? event.backup,
    };
    if (info.interface !== null && info.localId !== undefined && info.backup !== undefined) break;
  }
  return info;
}

/**
 * Describes each band: live subflows by their snapshot data; closed ones by the events that
 * named them, else by their key alone. A band takes its interface's colour (`colorOf`), so a
 * re-created subflow on the same interface keeps the colour and the card's colour matches.
 */
export function describeBands(
  keys: readonly string[],
  live: ReadonlyMap<string, Subflow>,
  events: readonly PmEvent[],
  colorOf: (iface: string | null) => string,
): StackedBand[] {
  return keys.map((key, index) => {
    const subflow = live.get(key);
    const parsed = parseSubflowKey(key);
    const iface = subflow ? subflow.interface : closedSubflowInfo(key, events).interface;
    return {
      key,
      dataKey: `s${index}`,
      interface: iface,
      addresses: subflow
        ? pairText(subflow.local, subflow.remote)
        : parsed
          ? `${parsed.local} → ${parsed.remote}`
          : key,
      closed: subflow === undefined,
      color: colorOf(iface),
    };
  });
}

/**
 * Rows for a stacked chart of `series` (tx + rx per series) on the union of their times; a
 * series without a point at some time (not open yet, or closed) counts 0 there. Only times at
 * or after `since` (ms since the epoch); at most `maxPoints` rows, chosen by min/max of the
 * total so peaks survive.
 */
export function prepareStackedRows(
  series: readonly RateSeries[],
  maxPoints: number,
  since = Number.NEGATIVE_INFINITY,
): StackedRow[] {
  const times = [...new Set(series.flatMap((s) => s.time))]
    .filter((t) => t >= since)
    .sort((a, b) => a - b);
  const slot = new Map<number, number>();
  times.forEach((t, i) => slot.set(t, i));
  const columns = series.map((s) => {
    const column = new Array<number>(times.length).fill(0);
    s.time.forEach((t, i) => {
      const at = slot.get(t);
      if (at !== undefined) column[at] = Math.max(0, (s.tx[i] ?? 0) + (s.rx[i] ?? 0));
    });
    return column;
  });
  const totals = times.map((_, i) => columns.reduce((sum, column) => sum + (column[i] ?? 0), 0));
  return downsampleIndices(totals, maxPoints).map((i) => {
    const row: { time: number; [dataKey: string]: number } = { time: times[i] ?? 0 };
    columns.forEach((column, c) => {
      row[`s${c}`] = column[i] ?? 0;
    });
    return row;
  });
}
