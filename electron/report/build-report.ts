// buildReport: a journal read back (and its detected failovers) → the ReportModel every format
// renders. Pure. Which tick counts where is decided here:
// - a journal whose first tick has no rate at all (every rate 0: a fresh monitor's first sample,
//   which has no earlier reading to compare with) uses that tick as a baseline: its counters start
//   the totals, but it is left out of the rate series and of Curr/Avg/Min/Max;
// - every other tick counts, for each entity present in it.
import type { TickUpdate } from '../contract.js';
import type { Failover, JournalContents } from '../session/journal/journal-types.js';
import { buildApps } from './report-apps.js';
import { plural } from './units.js';
import { buildConnections } from './report-connections.js';
import { buildTimeline } from './report-timeline.js';
import type { InterfaceReport, ReportModel, ReportSummary } from './report-types.js';
import { counterResets, directionStats } from './series-stats.js';
import type { DirectionSample } from './series-stats.js';

/** Whether the first tick of a journal is a baseline: no rate anywhere in it. */
export function isBaselineTick(tick: TickUpdate): boolean {
  const s = tick.snapshot;
  return (
    s.interfaces.every((i) => i.rxRate === 0 && i.txRate === 0) &&
    s.connections.every(
      (c) =>
        c.txRate === 0 &&
        c.rxRate === 0 &&
        c.subflows.every((f) => f.txRate === 0 && f.rxRate === 0),
    )
  );
}

/** The report of `contents`; `failovers` come from detectFailovers over the same journal. */
export function buildReport(
  contents: JournalContents,
  failovers: readonly Failover[],
): ReportModel {
  const { header, ticks } = contents;
  const first = ticks[0];
  const baseline = first !== undefined && ticks.length > 1 && isBaselineTick(first);
  const rated = ticks.map((_, i) => !(baseline && i === 0));
  const notes: string[] = [];
  if (contents.torn) {
    notes.push(
      'The journal ends with a torn line (the recorder was stopped mid-write); the report covers every complete tick before it.',
    );
  }
  if (ticks.length === 0) {
    notes.push('The journal holds no tick: recording stopped before the first sample.');
  }
  if (baseline) {
    notes.push(
      "The first tick is the monitor's first sample, with no rate yet: it is the baseline of the totals, and rates start at the second tick.",
    );
  }
  const interfaces = buildInterfaces(ticks, rated, notes);
  const connections = buildConnections(ticks, rated, header.intervalMs);
  const timeline = buildTimeline(ticks);
  const start = Math.min(header.startedAt, first?.snapshot.time ?? header.startedAt);
  const end = ticks[ticks.length - 1]?.snapshot.time ?? start;
  const summary: ReportSummary = {
    start,
    end,
    durationMs: Math.max(0, end - start),
    ticks: ticks.length,
    intervalMs: header.intervalMs,
    hostname: header.hostname,
    netns: header.netns,
    kernel: header.kernel,
    sysctls: Object.entries(header.sysctls)
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    endpoints: header.endpoints,
    limits: header.limits,
    privileged: header.privileged,
    writer: header.writer,
    torn: contents.torn,
    connections: connections.length,
    subflows: connections.reduce((n, c) => n + c.subflows.length, 0),
    events: timeline.length,
    failovers: failovers.length,
  };
  const apps = buildApps(connections);
  return { summary, interfaces, connections, apps, timeline, failovers: [...failovers], notes };
}

interface InterfaceAcc {
  name: string;
  firstSeen: number;
  last: TickUpdate['snapshot']['interfaces'][number];
  lastSeen: number;
  rx: DirectionSample[];
  tx: DirectionSample[];
  seriesRx: (number | null)[];
  seriesTx: (number | null)[];
}

function buildInterfaces(
  ticks: readonly TickUpdate[],
  rated: readonly boolean[],
  notes: string[],
): InterfaceReport[] {
  const byName = new Map<string, InterfaceAcc>();
  const time: number[] = [];
  ticks.forEach(({ snapshot }, i) => {
    const isRated = rated[i] === true;
    if (isRated) time.push(snapshot.time);
    for (const iface of snapshot.interfaces) {
      let acc = byName.get(iface.name);
      if (!acc) {
        acc = {
          name: iface.name,
          firstSeen: snapshot.time,
          last: iface,
          lastSeen: snapshot.time,
          rx: [],
          tx: [],
          seriesRx: [],
          seriesTx: [],
        };
        byName.set(iface.name, acc);
      }
      acc.rx.push({ rate: iface.rxRate, counter: iface.rxBytes, rated: isRated });
      acc.tx.push({ rate: iface.txRate, counter: iface.txBytes, rated: isRated });
      if (isRated) {
        // Absent ticks since it was last present are gaps (null) in its series.
        while (acc.seriesRx.length < time.length - 1) {
          acc.seriesRx.push(null);
          acc.seriesTx.push(null);
        }
        acc.seriesRx.push(iface.rxRate);
        acc.seriesTx.push(iface.txRate);
      }
      acc.last = iface;
      acc.lastSeen = snapshot.time;
    }
  });
  return [...byName.values()].map((acc): InterfaceReport => {
    for (const [direction, samples] of [
      ['received', acc.rx],
      ['sent', acc.tx],
    ] as const) {
      const resets = counterResets(samples.map((s) => s.counter)).length;
      if (resets > 0) {
        notes.push(
          `The ${direction} byte counter of ${acc.name} went down ${plural(resets, 'time')} (the interface was re-created or reset); those ticks add nothing to its total.`,
        );
      }
    }
    const pad = (values: (number | null)[]): (number | null)[] => {
      const out = [...values];
      while (out.length < time.length) out.push(null);
      return out;
    };
    return {
      name: acc.name,
      addresses: acc.last.addresses,
      multipath: acc.last.multipath,
      up: acc.last.up,
      firstSeen: acc.firstSeen,
      lastSeen: acc.lastSeen,
      rx: directionStats(acc.rx),
      tx: directionStats(acc.tx),
      series: { time, rx: pad(acc.seriesRx), tx: pad(acc.seriesTx) },
    };
  });
}
