// The monitor's part of the Host for one watched namespace: snapshots, events, history and the
// tick interval, and its ticks as pushes. Changes to the kernel are control's handlers
// (control/control-handlers.ts).
import type { RateHistory, RateSeries } from '../contract.js';
import type { Handler, Handlers, PushSource } from '../host/host.js';
import { connectionKey, subflowKey } from './keys.js';
import type { MonitorService } from './monitor-service.js';

const DEFAULT_HISTORY_SECONDS = 600;

/** The monitor's handlers: reads of what it sampled, and its tick settings. */
export function monitorHandlers(monitor: MonitorService): Handlers {
  const snapshot: Handler<'snapshot:get'> = async () => {
    const latest = monitor.latest() ?? (await monitor.refresh());
    if (!latest)
      throw Object.assign(
        new Error('no snapshot yet: the kernel could not be sampled (see the events)'),
        { code: 'kernel' },
      );
    return latest;
  };
  return {
    'snapshot:get': snapshot,
    'events:list': (args) => Promise.resolve(monitor.events(args.since)),
    'monitor:configure': (args) => Promise.resolve(monitor.configure(args)),
    'history:get': (args) => Promise.resolve(rateHistory(monitor, args)),
  };
}

/** The monitor's ticks as Host pushes. */
export function monitorPushes(monitor: MonitorService): PushSource {
  return (listener) =>
    monitor.subscribe(
      (update) => {
        listener({ name: 'onTick', payload: update });
      },
      { eventsBetweenTicks: true },
    );
}

function rateHistory(
  monitor: MonitorService,
  args: { seconds?: number; connection?: string },
): RateHistory {
  const since = Date.now() - (args.seconds ?? DEFAULT_HISTORY_SECONDS) * 1000;
  const { history } = monitor;
  const interfaces: Record<string, RateSeries> = {};
  for (const name of history.keys('interface')) {
    interfaces[name] = history.series('interface', name, since);
  }
  const connections: Record<string, RateSeries> = {};
  const subflows: Record<string, RateSeries> = {};
  const wanted = args.connection;
  const connection = wanted
    ? monitor.latest()?.connections.find((c) => c.token === wanted)
    : undefined;
  if (wanted && connection) {
    connections[wanted] = history.series('connection', connectionKey(connection), since);
    for (const s of connection.subflows) {
      const key = subflowKey(connection, s);
      subflows[key] = history.series('subflow', key, since);
    }
  }
  return { interfaces, connections, subflows };
}
