// `subflow events`: path-manager events as they happen (kernel events with CAP_NET_ADMIN,
// inferred from samples otherwise), as text lines or NDJSON, for a duration or a count.
import type { PmEvent } from '../contract.js';
import { MonitorService } from '../monitor/monitor-service.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine, positiveNumber } from './command.js';
import { MONITOR_OPTIONS_HELP, monitorOptions, readMonitorOptions } from './monitor-options.js';
import { writeOut, writeErr } from '../terminal-text.js';

const HELP = `Usage: subflow events [--json] [--netns NAME] [--duration S] [--count N]

Prints MPTCP path-manager events as they happen, like 'ip mptcp monitor'.
With CAP_NET_ADMIN they come from the kernel; without it they are inferred from
samples taken every --interval (marked "inferred"). Runs until Ctrl-C, --duration
seconds, or --count events.

Options:
  --json            one JSON PmEvent per line (NDJSON)
  --duration S      stop after S seconds
  --count N         stop after N events
  --inferred        infer events from samples even when kernel events are available
${MONITOR_OPTIONS_HELP}`;

const side = (a?: { address: string; port: number }): string =>
  a ? (a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`) : '';

export function formatEvent(e: PmEvent): string {
  const time = new Date(e.time).toISOString().slice(11, 23);
  const parts = [time, e.source.padEnd(8), e.type.padEnd(16)];
  if (e.token) parts.push(`token ${e.token}`);
  if (e.local || e.remote) parts.push(`${side(e.local)} → ${side(e.remote)}`);
  if (e.interface) parts.push(e.interface);
  if (e.localId !== undefined || e.remoteId !== undefined)
    parts.push(`id ${e.localId ?? '-'}/${e.remoteId ?? '-'}`);
  if (e.backup !== undefined) parts.push(e.backup ? 'backup' : 'active');
  if (e.error) parts.push(`error ${e.error}`);
  if (e.message) parts.push(e.message);
  return parts.join('  ');
}

export const eventsCommand: Command = {
  name: 'events',
  summary: 'print path-manager events as they happen (--json for NDJSON)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      ...monitorOptions,
      json: { type: 'boolean' },
      duration: { type: 'string' },
      count: { type: 'string' },
      inferred: { type: 'boolean' },
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const { netns, intervalMs } = readMonitorOptions(values);
    const durationS =
      values.duration === undefined ? undefined : positiveNumber('duration', values.duration, 0);
    const count = values.count === undefined ? undefined : positiveNumber('count', values.count, 0);
    const monitor = new MonitorService({
      netns,
      intervalMs,
      events: values.inferred ? 'inferred' : 'auto',
    });
    let printed = 0;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    monitor.subscribe(
      (update) => {
        for (const e of update.events) {
          if (count !== undefined && printed >= count) break;
          writeOut((values.json ? JSON.stringify(e) : formatEvent(e)) + '\n');
          printed++;
        }
        if (count !== undefined && printed >= count) finish();
      },
      { eventsBetweenTicks: true },
    ); // print kernel events as they arrive, not with the tick
    await monitor.start();
    const source = monitor.eventSource;
    writeErr(
      source.kind === 'kernel'
        ? 'subflow: listening to kernel path-manager events\n'
        : `subflow: events are inferred from samples every ${intervalMs} ms (${source.reason})\n`,
    );
    const timer = durationS === undefined ? null : setTimeout(finish, durationS * 1000);
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    await done;
    if (timer) clearTimeout(timer);
    await monitor.stop();
    return 0;
  },
};
