// The monitor's record of Subflow's own changes: brackets each change made in this process
// (begin … end with the endpoints it left), reads the changes other Subflow processes logged in
// the shared action log, and after each sample turns what nobody in Subflow did into
// 'external-change' events and other processes' changes into 'action' events (origin cli).
import { randomUUID } from 'node:crypto';
import type { ActionDetails, Endpoint, PmEvent } from '../contract.js';
import { actionEvent, externalChangeEvents } from './action-events.js';
import { ActionLogReader, actionLogPath, appendActionLine } from './action-log.js';
import type { ActionLogLine } from './action-log.js';
import { ChangeAttribution } from './change-attribution.js';
import type { EndpointShape } from './endpoint-diff.js';
import { runningEndpointManagers, suspectsText } from './endpoint-managers.js';

const SEEN_CAPACITY = 1_000;

export interface ChangeTrackerOptions {
  readonly netns: string | null;
  readonly env?: NodeJS.ProcessEnv;
  /** Who else manages endpoints (default: looks in /proc); injectable for tests. */
  readonly managers?: () => readonly string[];
}

/** The fields of an endpoint that changes compare. */
export const shapeOf = (ep: EndpointShape): EndpointShape => ({
  id: ep.id,
  address: ep.address,
  ...(ep.port !== undefined && ep.port !== 0 ? { port: ep.port } : {}),
  flags: [...ep.flags],
});

export class ChangeTracker {
  private readonly attribution = new ChangeAttribution();
  private readonly reader: ActionLogReader;
  private readonly path: string;
  private readonly seen = new Set<string>();
  private previous: readonly Endpoint[] = [];
  private readonly managers: () => readonly string[];
  /** The last problem writing the shared log (an unprivileged process cannot), for notices. */
  logProblem: string | null = null;

  constructor(options: ChangeTrackerOptions) {
    this.path = actionLogPath(options.netns, options.env);
    this.reader = new ActionLogReader(this.path);
    this.managers = options.managers ?? (() => runningEndpointManagers());
  }

  /** An own change starts; returns its id for {@link end}. Logged for other processes too. */
  begin(time = Date.now()): string {
    const id = randomUUID();
    this.attribution.begin(id, time);
    this.write({ phase: 'begin', id, pid: process.pid, time });
    return id;
  }

  /** The change `id` ended, leaving `endpoints` (null if unknown), as `action` described. */
  end(
    id: string,
    endpoints: readonly EndpointShape[] | null,
    action: ActionDetails,
    iface?: string,
    time = Date.now(),
  ): void {
    const shapes = endpoints?.map(shapeOf) ?? null;
    this.attribution.end(id, time, shapes);
    this.write({
      phase: 'end',
      id,
      pid: process.pid,
      time,
      action,
      ...(iface !== undefined ? { interface: iface } : {}),
      endpoints: shapes,
    });
  }

  /**
   * After a sample taken from `start` to `end`: other processes' logged changes as action
   * events, then the endpoint changes none of Subflow's own changes explains.
   */
  afterSample(start: number, end: number, endpoints: readonly Endpoint[]): PmEvent[] {
    const events: PmEvent[] = [];
    for (const line of this.reader.read()) {
      if (line.pid === process.pid) continue;
      const key = `${line.pid}/${line.id}/${line.phase}`;
      if (this.seen.has(key)) continue;
      this.remember(key);
      if (line.phase === 'begin') this.attribution.begin(line.id, line.time);
      else {
        this.attribution.end(line.id, line.time, line.endpoints);
        events.push(actionEvent(line.time, line.action, line.interface));
      }
    }
    const changes = this.attribution.observe(start, end, endpoints.map(shapeOf));
    if (changes.length > 0) {
      const who = suspectsText(this.managers());
      events.push(...externalChangeEvents(end, changes, endpoints, this.previous, who));
    }
    this.previous = endpoints;
    return events;
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seen.size > SEEN_CAPACITY) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private write(line: ActionLogLine): void {
    this.logProblem = appendActionLine(this.path, line);
  }
}
