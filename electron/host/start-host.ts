// The one way a Subflow process starts its Host: start the monitor of a namespace (the failover
// detector and metrics subscribed first, so they see the first tick), stop everything again if
// that fails, and put the role's features behind one Host (role-features.ts says which).
import type { RequestName } from '../contract.js';
import { choiceStore, rememberChoices } from '../control/index.js';
import type { HostRole } from '../control/index.js';
import { MetricsCollector } from '../metrics/collector.js';
import { feedMetrics } from '../metrics/monitor-feed.js';
import { MonitorService } from '../monitor/monitor-service.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { defaultSessionsDir } from '../session/sessions-dir.js';
import { feedFailovers } from './failover-feed.js';
import type { Host } from './host.js';
import { createLiveHost } from './live-host.js';
import type { ClosableHost } from './live-host.js';
import { featuresOf } from './role-features.js';
import type { Feature, HostKind } from './role-features.js';

export interface StartHostOptions {
  /** Named namespace to watch, or null for the process's own. */
  readonly netns: string | null;
  readonly role: HostKind;
  /** Optional features the role offers, asked for (e.g. serve's --metrics). */
  readonly features?: readonly Feature[];
  /** 'server' also announces the addresses (`signal`); default client. */
  readonly mptcpRole?: HostRole;
  /** Tick interval in ms (default the monitor's, 1000). */
  readonly intervalMs?: number;
  /** Where recordings go, for a role with sessions (default: defaultSessionsDir()). */
  readonly sessionsDir?: string;
  readonly pdf?: PdfPrinter;
  /** Why a request the role does not serve is unavailable, by name. */
  readonly unavailable?: Partial<Record<RequestName, string>>;
}

export interface StartedHost {
  readonly host: Host;
  readonly monitor: MonitorService;
  readonly features: ReadonlySet<Feature>;
  /** The Prometheus collector, when the host has metrics. */
  readonly metrics: MetricsCollector | null;
  /** The sessions directory, when the host has sessions. */
  readonly sessionsDir: string | null;
  /** A host per dashboard client (its replay is its own), when the host has sessions. */
  readonly viewer?: () => ClosableHost;
  /** Stops recording and replay, the detector and metrics, then the monitor. */
  close(): Promise<void>;
}

export async function startHost(options: StartHostOptions): Promise<StartedHost> {
  const features = featuresOf(options.role, options.features);
  const monitor = new MonitorService({
    netns: options.netns,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
  const metrics = features.has('metrics') ? new MetricsCollector() : null;
  const unfeed = metrics ? feedMetrics(metrics, monitor) : () => undefined;
  const unwatch = features.has('failovers') ? feedFailovers(monitor, metrics) : () => undefined;
  try {
    await monitor.start();
  } catch (err) {
    unwatch();
    unfeed();
    // The kernel thread exists from the constructor on: end it, or the process never exits.
    await monitor.stop().catch(() => undefined);
    throw err;
  }
  // Shows remembered modes and owners on the cards; re-applies a mode when its interface comes
  // back where the role may and the monitor is privileged (an unprivileged one cannot).
  const remembered = await rememberChoices(monitor, choiceStore(), {
    role: options.mptcpRole ?? 'client',
    reapply: features.has('reapply') && (monitor.latest()?.privileged ?? false),
  });
  // The first snapshot was taken before the cards could carry remembered modes and owners: take
  // one now, so the first answer a client gets already shows them.
  await monitor.refresh();
  const sessionsDir = features.has('sessions')
    ? (options.sessionsDir ?? defaultSessionsDir())
    : null;
  const live = createLiveHost({
    monitor,
    features,
    mptcpRole: options.mptcpRole ?? 'client',
    ...(sessionsDir !== null ? { sessionsDir } : {}),
    ...(options.pdf ? { pdf: options.pdf } : {}),
    ...(options.unavailable ? { unavailable: options.unavailable } : {}),
  });
  return {
    host: live.host,
    monitor,
    features,
    metrics,
    sessionsDir,
    ...(live.viewer ? { viewer: live.viewer } : {}),
    async close() {
      await live.close();
      await remembered.close();
      unwatch();
      unfeed();
      await monitor.stop();
    },
  };
}
