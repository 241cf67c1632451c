// The monitor's part of the Host for one watched namespace: snapshots, events, history, the
// tick interval, multipath switching and limits. A multipath change is read back from the
// kernel and followed by a fresh tick. Whether something else (NetworkManager, mptcpd) changes
// the endpoints afterwards is the monitor's change tracker's business (external-change events),
// which knows every change Subflow made itself, however fast they follow each other.
import type { RateHistory, RateSeries } from './contract.js';
import { controlKernel, forgetChoice, setLimits } from './control/index.js';
import { setMultipathWithOwner } from './control/owner-toggle.js';
import type { ChoiceStore, HostRole } from './control/index.js';
import type { Handler, Handlers, PushSource } from './host.js';
import { connectionKey, subflowKey } from './monitor/keys.js';
import type { MonitorService } from './monitor/monitor-service.js';

const DEFAULT_HISTORY_SECONDS = 600;

/**
 * The monitor's handlers. `choices`, when given, remembers each multipath change read back from
 * the kernel for the monitor's namespace (so the doctor respects it).
 */
export function monitorHandlers(
  monitor: MonitorService,
  role: HostRole,
  choices?: ChoiceStore,
): Handlers {
  const snapshot: Handler<'snapshot:get'> = async () => {
    const latest = monitor.latest() ?? (await monitor.refresh());
    if (!latest)
      throw Object.assign(
        new Error('no snapshot yet: the kernel could not be sampled (see the events)'),
        { code: 'kernel' },
      );
    return latest;
  };
  const multipath: Handler<'multipath:set'> = async (args) => {
    const kernel = controlKernel(monitor.kernel);
    // Through NetworkManager where it owns the device; mptcpd's ownership is told in a note.
    const owner = monitor.interfaceInfo?.owner?.(args.interface) ?? null;
    const result = await setMultipathWithOwner(kernel, args.interface, args.mode, {
      role,
      owner,
      ...(choices ? { remember: { store: choices, netns: monitor.options.netns } } : {}),
    });
    await monitor.interfaceInfo?.reload?.(); // the card shows the new remembered mode now
    await monitor.refresh();
    return result;
  };
  return {
    'snapshot:get': snapshot,
    'events:list': (args) => Promise.resolve(monitor.events(args.since)),
    'multipath:set': multipath,
    'multipath:forget': async (args) => {
      if (!choices) {
        throw Object.assign(new Error('this host keeps no remembered choices'), {
          code: 'unavailable',
        });
      }
      const result = await forgetChoice(choices, monitor.options.netns, args.interface);
      await monitor.interfaceInfo?.reload?.();
      await monitor.refresh();
      return result;
    },
    'limits:set': async (args) => {
      const limits = await setLimits(controlKernel(monitor.kernel), args);
      await monitor.refresh();
      return limits;
    },
    'monitor:configure': (args) => Promise.resolve(monitor.configure(args)),
    'history:get': (args) => Promise.resolve(rateHistory(monitor, args)),
  };
}

/** The monitor's ticks as Host pushes. */
export function monitorPushes(monitor: MonitorService): PushSource {
  return (listener) =>
    monitor.subscribe((update) => {
      listener({ name: 'onTick', payload: update });
    });
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
