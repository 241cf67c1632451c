// Per-interface metrics from a Snapshot: rx/tx byte counters that mirror the kernel's and never
// go down, and the up and multipath-mode gauges, under bounded `interface` labels.
import type { InterfaceState, MultipathMode } from '../contract.js';
import { MULTIPATH_MODES } from '../contract.js';
import { CounterDeltas } from './counter-deltas.js';
import { GaugeSeries, addTo } from './gauge-series.js';
import type { SeriesValue } from './gauge-series.js';
import { InterfaceLabels } from './interface-labels.js';
import type { SubflowMetrics } from './metric-definitions.js';

/** Feeds the interface metrics, tick by tick. */
export class InterfaceMetrics {
  readonly labels: InterfaceLabels;
  private readonly deltas = new CounterDeltas();
  private readonly up: GaugeSeries<'interface'>;
  private readonly mode: GaugeSeries<'interface' | 'mode'>;

  constructor(
    private readonly metrics: SubflowMetrics,
    maxInterfaces: number,
  ) {
    this.labels = new InterfaceLabels(maxInterfaces);
    this.up = new GaugeSeries(metrics.interfaceUp);
    this.mode = new GaugeSeries(metrics.interfaceMultipathMode);
  }

  /** Updates every interface metric from the interfaces of one snapshot. */
  update(interfaces: readonly InterfaceState[]): void {
    const { labels, evicted } = this.labels.update(interfaces.map((i) => i.name));
    for (const name of evicted) {
      this.metrics.interfaceReceiveBytes.remove({ interface: name });
      this.metrics.interfaceTransmitBytes.remove({ interface: name });
    }
    const present = new Set(interfaces.map((i) => i.name));
    // A gone interface's kernel counters are gone with it: whatever comes back under its
    // name (a new ifindex, or the same one in a recreated namespace) counts from its creation.
    for (const key of [...this.deltas.keys()]) {
      if (!present.has(key.slice(3))) this.deltas.forget(key);
    }
    const up = new Map<string, SeriesValue<'interface'>>();
    const modes = new Map<string, SeriesValue<'interface' | 'mode'>>();
    for (const iface of interfaces) {
      const label = labels.get(iface.name) ?? iface.name;
      const rx = this.deltas.delta(`rx:${iface.name}`, iface.rxBytes, iface.ifindex);
      const tx = this.deltas.delta(`tx:${iface.name}`, iface.txBytes, iface.ifindex);
      this.metrics.interfaceReceiveBytes.inc({ interface: label }, rx);
      this.metrics.interfaceTransmitBytes.inc({ interface: label }, tx);
      addTo(up, label, { interface: label }, iface.up ? 1 : 0);
      for (const mode of MULTIPATH_MODES) {
        const hit = iface.multipath === mode ? 1 : 0;
        addTo(modes, modeKey(label, mode), { interface: label, mode }, hit);
      }
    }
    const labelled = new Set(labels.values());
    const stillHere = (l: { interface?: string | number }) => labelled.has(String(l.interface));
    this.up.publish(up, stillHere);
    this.mode.publish(modes, stillHere);
  }

  /** The label of an interface present in the last update ("none" for null, else "other"). */
  label(name: string | null): string {
    return this.labels.label(name);
  }

  /** Labels in use by present interfaces. */
  presentLabels(interfaces: readonly InterfaceState[]): Set<string> {
    return new Set(interfaces.map((i) => this.labels.label(i.name)));
  }
}

function modeKey(label: string, mode: MultipathMode): string {
  return `${label}\u0000${mode}`;
}
