// `subflow snapshot`: one Snapshot from two samples --interval apart, so rates are real.
import type { Snapshot, TickUpdate } from '../contract.js';
import { MonitorService } from '../monitor/monitor-service.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import { MONITOR_OPTIONS_HELP, monitorOptions, readMonitorOptions } from './monitor-options.js';
import { renderSnapshot } from './snapshot-text.js';
import { writeOut } from '../terminal-text.js';

const HELP = `Usage: subflow snapshot [--json] [--netns NAME] [--interval MS]

Prints MPTCP connections with their subflows, interfaces with their rates and
multipath state, endpoints and limits. Takes two samples --interval apart so
rates are measured, not guessed.

Options:
  --json            the Snapshot as JSON (rates in bytes/s, times in ms since the epoch)
${MONITOR_OPTIONS_HELP}`;

/** Starts a monitor, waits for its second tick, stops it. */
export async function measuredSnapshot(
  netns: string | null,
  intervalMs: number,
): Promise<Snapshot> {
  const monitor = new MonitorService({ netns, intervalMs, events: 'inferred' });
  try {
    let second: (u: TickUpdate) => void = () => undefined;
    const next = new Promise<TickUpdate>((resolve) => (second = resolve));
    await monitor.start();
    const first = monitor.latest();
    if (!first) {
      const why = monitor.events().at(-1)?.message ?? 'no sample could be taken';
      throw new Error(`cannot read the kernel's MPTCP state: ${why}`);
    }
    const unsubscribe = monitor.subscribe((u) => {
      if (u.snapshot.time > first.time) second(u);
    });
    const update = await next;
    unsubscribe();
    return update.snapshot;
  } finally {
    await monitor.stop();
  }
}

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'print connections, subflows, interfaces and endpoints once (--json for machines)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      ...monitorOptions,
      json: { type: 'boolean' },
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const { netns, intervalMs } = readMonitorOptions(values);
    const snapshot = await measuredSnapshot(netns, intervalMs);
    writeOut(
      values.json ? JSON.stringify(snapshot, null, 2) + '\n' : renderSnapshot(snapshot) + '\n',
    );
    return 0;
  },
};
