// Tells Subflow's own endpoint changes from everybody else's. Each own change (this process or
// another Subflow process, e.g. the `subflow multipath` command) is logged with the time it ran
// and the endpoints it left behind; a sample whose endpoints differ from the last known state,
// taken while no own change was running, is an external change. Pure: times come in as numbers.
import type { EndpointChange } from '../contract.js';
import { endpointDiff } from './endpoint-diff.js';
import type { EndpointShape } from './endpoint-diff.js';

/** An own change that began but never ended (a killed process) stops counting after this. */
export const OWN_CHANGE_TIMEOUT_MS = 15_000;

interface OwnChange {
  readonly startedAt: number;
  finishedAt: number | null;
}

export class ChangeAttribution {
  private baseline: { readonly endpoints: readonly EndpointShape[]; readonly time: number } | null =
    null;
  private readonly changes = new Map<string, OwnChange>();

  /** An own change starts (before its first kernel request). */
  begin(id: string, time: number): void {
    this.changes.set(id, { startedAt: time, finishedAt: null });
  }

  /**
   * An own change ended at `time`, leaving `endpoints` (read back), or null when they are not
   * known (it failed): the next quiet sample is then taken as the state without comparison.
   */
  end(id: string, time: number, endpoints: readonly EndpointShape[] | null): void {
    const own = this.changes.get(id) ?? { startedAt: time, finishedAt: null };
    own.finishedAt = time;
    this.changes.set(id, own);
    if (endpoints === null) this.baseline = null;
    else if (this.baseline === null || this.baseline.time <= time) {
      this.baseline = { endpoints, time };
    }
  }

  /**
   * Endpoints read by a sample taken between `start` and `end`: the changes no own change
   * explains (empty while an own change overlaps the sample, whose state is then in flux).
   */
  observe(start: number, end: number, endpoints: readonly EndpointShape[]): EndpointChange[] {
    let busy = false;
    for (const [id, own] of this.changes) {
      const finished = own.finishedAt;
      if (finished === null && end - own.startedAt > OWN_CHANGE_TIMEOUT_MS) {
        // Its process died mid-change: what it left is unknown, so adopt this sample as is.
        this.changes.delete(id);
        this.baseline = null;
      } else if (own.startedAt <= end && (finished === null || finished >= start)) busy = true;
      else if (finished !== null && finished < start) this.changes.delete(id);
    }
    if (busy) return [];
    const base = this.baseline;
    if (base !== null && base.time > end) return []; // an own change ended after this sample
    this.baseline = { endpoints, time: end };
    return base === null ? [] : endpointDiff(base.endpoints, endpoints);
  }
}
