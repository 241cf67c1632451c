// The live failover detector on a monitor: each failover it finds, and each follow-up on the path
// a failover left (recovered, or a subflow the path manager did not re-create), becomes a timeline
// event and, when a collector is given, a Prometheus count. The timeline's events are what the
// desktop's notifications announce, so detector, timeline, metrics and notices agree.
import type { MetricsCollector } from '../metrics/collector.js';
import { createFailoverWatch } from '../monitor/failover-watch.js';
import { failoverEvent, followUpEvent } from '../monitor/failover-words.js';
import type { MonitorService } from '../monitor/monitor-service.js';

/** Subscribes the detector to `monitor`'s ticks; returns the unsubscribe function. */
export function feedFailovers(
  monitor: MonitorService,
  metrics: MetricsCollector | null,
): () => void {
  return monitor.subscribe(
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
}
