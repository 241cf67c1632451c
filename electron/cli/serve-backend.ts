// What `subflow serve` puts behind its server: the live monitor of a namespace (with doctor,
// recording, replay of recorded sessions and, when asked, metrics) or one recorded journal
// replayed without any kernel (`--replay JOURNAL`). Either way a Host and a way to close it.
import { doctorHandlers } from '../doctor/doctor-handlers.js';
import type { HostRole } from '../control/index.js';
import type { Host } from '../host.js';
import { MetricsCollector } from '../metrics/collector.js';
import { feedMetrics } from '../metrics/monitor-feed.js';
import { createFailoverWatch } from '../monitor/failover-watch.js';
import { MonitorService } from '../monitor/monitor-service.js';
import { createReplayHost, createSessionHost } from '../session/session-host.js';
import type { ClosableHost } from '../session/session-host.js';
import { failoverEvent, followUpEvent } from '../monitor/failover-words.js';
import { defaultSessionsDir } from '../session/sessions-dir.js';
import { choiceStore } from '../control/index.js';

export interface ServeBackend {
  readonly host: Host;
  /** A host per dashboard client, so a replay belongs to the viewer that opened it (live only). */
  readonly viewer?: ClosableHost['viewer'];
  /** "namespace X" / "this host" / "the journal F (replay)". */
  readonly subject: string;
  /** One line for stderr about where events come from. */
  readonly eventsLine: string;
  /** Prometheus collector, when metrics were asked for (live only). */
  readonly metrics: MetricsCollector | null;
  /** Sessions directory (recordings and their reports), live only. */
  readonly sessionsDir: string | null;
  close(): Promise<void>;
}

export interface LiveOptions {
  readonly netns: string | null;
  readonly intervalMs: number;
  readonly role: HostRole;
  readonly metrics: boolean;
  readonly sessionsDir?: string;
}

export async function startLiveBackend(options: LiveOptions): Promise<ServeBackend> {
  const { netns, role } = options;
  const monitor = new MonitorService({ netns, intervalMs: options.intervalMs });
  const metrics = options.metrics ? new MetricsCollector() : null;
  const unfeed = metrics ? feedMetrics(metrics, monitor) : () => undefined;
  const unwatch = monitor.subscribe(
    createFailoverWatch(
      (failover) => {
        metrics?.recordFailover({ gapMs: failover.gapMs });
        monitor.announce(failoverEvent(failover, Date.now()));
      },
      {
        onFollowUp: (failover, path, news) => {
          if (news.kind === 'recovered') metrics?.recordRecovery();
          else metrics?.recordSubflowMissing();
          monitor.announce(followUpEvent(failover.token, path, news, Date.now()));
        },
      },
    ),
  );
  try {
    await monitor.start();
  } catch (err) {
    unwatch();
    unfeed();
    await monitor.stop();
    throw err;
  }
  const sessionsDir = options.sessionsDir ?? defaultSessionsDir();
  const sessions = createSessionHost({
    monitor,
    role,
    sessionsDir,
    live: [doctorHandlers(() => monitor.kernel, { netns, role, choices: choiceStore() })],
  });
  const source = monitor.eventSource;
  return {
    host: sessions.host,
    ...(sessions.viewer ? { viewer: sessions.viewer } : {}),
    subject: netns ? `namespace ${netns}` : 'this host',
    eventsLine:
      source.kind === 'kernel'
        ? 'events: from the kernel path manager'
        : `events: inferred from samples (${source.reason})`,
    metrics,
    sessionsDir,
    async close() {
      await sessions.close();
      unwatch();
      unfeed();
      await monitor.stop();
    },
  };
}

export async function startReplayBackend(journalPath: string): Promise<ServeBackend> {
  const replay = await createReplayHost(journalPath);
  return {
    host: replay.host,
    subject: `the recorded session ${journalPath} (replay)`,
    eventsLine: 'events: as recorded in the journal',
    metrics: null,
    sessionsDir: null,
    close: () => replay.close(),
  };
}
