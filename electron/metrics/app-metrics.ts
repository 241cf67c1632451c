// Per-app metrics from a Snapshot: bytes moved and connections held by each app's MPTCP
// connections, under a bounded `app` label — the process name (never a pid), for at most
// MAX_APP_LABELS apps, the busiest of the moment taking free slots; the rest count as "other",
// connections whose process is not known as "unknown". Pure bookkeeping on prom-client metrics.
import type { Connection } from '../contract.js';
import { connectionKey } from '../monitor/keys.js';
import { CounterDeltas } from './counter-deltas.js';
import { GaugeSeries, addTo } from './gauge-series.js';
import type { SeriesValue } from './gauge-series.js';
import { InterfaceLabels, OTHER_INTERFACE } from './interface-labels.js';
import type { SubflowMetrics } from './metric-definitions.js';

/** Apps with a label of their own. */
export const MAX_APP_LABELS = 20;
/** Label of connections whose process Subflow could not name (or did not look up). */
export const UNKNOWN_APP = 'unknown';
/** Label shared by the apps beyond the cap. */
export const OTHER_APP = OTHER_INTERFACE;

/** The app a connection counts under before bounding: its process name, or "unknown". */
export const appOf = (c: Connection): string => c.process?.name ?? UNKNOWN_APP;

/** Bytes a connection moved: acked by the peer plus received (as its rates count them). */
const moved = (c: Connection): number => c.bytesAcked + c.bytesReceived;

/** Feeds the per-app metrics, tick by tick. */
export class AppMetrics {
  private readonly labels: InterfaceLabels;
  private readonly deltas = new CounterDeltas();
  private readonly connections: GaugeSeries<'app'>;

  constructor(
    private readonly metrics: SubflowMetrics,
    maxApps = MAX_APP_LABELS,
  ) {
    this.labels = new InterfaceLabels(maxApps);
    this.connections = new GaugeSeries(metrics.appConnections);
  }

  /** Updates the app metrics from the connections of one snapshot. */
  update(connections: readonly Connection[]): void {
    const bytes = new Map<string, number>();
    for (const c of connections) bytes.set(appOf(c), (bytes.get(appOf(c)) ?? 0) + moved(c));
    // Busiest first, so they win the free label slots; "unknown" always has its own label.
    const present = [...bytes.keys()]
      .filter((a) => a !== UNKNOWN_APP)
      .sort((a, b) => (bytes.get(b) ?? 0) - (bytes.get(a) ?? 0) || a.localeCompare(b));
    const { labels, evicted } = this.labels.update(present);
    for (const app of evicted) {
      this.metrics.appBytes.remove({ app });
      this.metrics.appConnections.remove({ app });
    }
    const live = new Set<string>();
    const counts = new Map<string, SeriesValue<'app'>>();
    for (const c of connections) {
      const app = appOf(c);
      const label = app === UNKNOWN_APP ? UNKNOWN_APP : (labels.get(app) ?? OTHER_APP);
      const key = connectionKey(c);
      live.add(key);
      // A new connection counts in full (its bytes since it opened), as interfaces do.
      this.metrics.appBytes.inc({ app: label }, this.deltas.delta(key, moved(c), c.firstSeen));
      addTo(counts, label, { app: label });
    }
    for (const key of [...this.deltas.keys()]) if (!live.has(key)) this.deltas.forget(key);
    const labelled = new Set([...labels.values(), UNKNOWN_APP]);
    this.connections.publish(counts, (l) => labelled.has(String(l.app)));
  }
}
