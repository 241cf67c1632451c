// What `subflow serve` puts behind its server: the live monitor of a namespace (with doctor,
// recording, replay of recorded sessions and, when asked, metrics) or one recorded journal
// replayed without any kernel (`--replay JOURNAL`). Either way a Host and a way to close it.
import type { HostRole } from '../control/index.js';
import type { Host } from '../host/host.js';
import { createReplayHost } from '../host/session-host.js';
import { startHost } from '../host/start-host.js';
import type { MetricsCollector } from '../metrics/collector.js';
import type { ClosableHost } from '../host/live-host.js';

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
  /** Which row of the role table: `subflow serve` (default) or `subflow agent`. */
  readonly kind?: 'serve' | 'agent';
  readonly netns: string | null;
  readonly intervalMs: number;
  readonly role: HostRole;
  readonly metrics: boolean;
  readonly sessionsDir?: string;
}

export async function startLiveBackend(options: LiveOptions): Promise<ServeBackend> {
  const { netns } = options;
  const started = await startHost({
    netns,
    role: options.kind ?? 'serve',
    features: options.metrics ? ['metrics'] : [],
    mptcpRole: options.role,
    intervalMs: options.intervalMs,
    ...(options.sessionsDir !== undefined ? { sessionsDir: options.sessionsDir } : {}),
  });
  const source = started.monitor.eventSource;
  return {
    host: started.host,
    ...(started.viewer ? { viewer: started.viewer } : {}),
    subject: netns ? `namespace ${netns}` : 'this host',
    eventsLine:
      source.kind === 'kernel'
        ? 'events: from the kernel path manager'
        : `events: inferred from samples (${source.reason})`,
    metrics: started.metrics,
    sessionsDir: started.sessionsDir,
    close: () => started.close(),
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
