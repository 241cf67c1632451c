// Options shared by the commands that watch a host: --netns and --interval.
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../validation.js';
import { validateNetnsName } from '../../native/netns.js';
import type { HostRole } from '../control/index.js';
import { UsageError } from './command.js';

export const monitorOptions = {
  netns: { type: 'string' },
  interval: { type: 'string' },
} as const;

export const MONITOR_OPTIONS_HELP = `  --netns NAME      watch the named network namespace (/run/netns/NAME), as ip -n does
  --interval MS     sampling interval, ${MIN_INTERVAL_MS}–${MAX_INTERVAL_MS} ms (default 1000)`;

export function readMonitorOptions(values: { netns?: string; interval?: string }): {
  netns: string | null;
  intervalMs: number;
} {
  let netns: string | null = null;
  if (values.netns !== undefined) {
    try {
      netns = validateNetnsName(values.netns);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  let intervalMs = 1000;
  if (values.interval !== undefined) {
    intervalMs = Number(values.interval);
    if (
      !Number.isInteger(intervalMs) ||
      intervalMs < MIN_INTERVAL_MS ||
      intervalMs > MAX_INTERVAL_MS
    ) {
      throw new UsageError(
        `--interval needs whole milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got '${values.interval}'`,
      );
    }
  }
  return { netns, intervalMs };
}

export const ROLE_HELP = `  --role ROLE       client (default) or server: a server also announces its addresses
                    (endpoints get the signal flag as well as subflow)`;

export function readRole(value: string | undefined): HostRole {
  if (value === undefined || value === 'client' || value === 'server') return value ?? 'client';
  throw new UsageError(`--role needs client or server, got '${value}'`);
}
