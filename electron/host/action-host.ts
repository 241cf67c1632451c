// The step (createHost's `around`) by which every change asked of a Host — multipath, limits, a
// doctor fix, recording, playback — becomes an 'action' event (source 'user') on the monitor's timeline, saying what
// was asked, by which transport, and whether it was done or refused and why. Kernel-changing
// requests are bracketed as Subflow's own change (so they are never taken for an external one)
// and refused with code 'netns' when the watched namespace is gone.
import type {
  ActionDetails,
  ActionOrigin,
  Limits,
  PmEvent,
  RequestName,
  RequestResult,
  Result,
  Snapshot,
} from '../contract.js';
import type { Host } from './host.js';
import { actionEvent } from '../monitor/action-events.js';
import type { EndpointShape } from '../monitor/endpoint-diff.js';

/** What the wrapper needs of the live monitor. */
export interface ActionMonitor {
  latest(): Snapshot | null;
  goneReason(): string | null;
  announce(event: PmEvent): void;
  refresh(): Promise<unknown>;
  readonly changes: {
    begin(time?: number): string;
    end(
      id: string,
      endpoints: readonly EndpointShape[] | null,
      action: ActionDetails,
      iface?: string,
    ): void;
  };
  readonly kernel: { call(op: 'listEndpoints', args: null): Promise<readonly EndpointShape[]> };
}

type ActionKind = ActionDetails['kind'];

/** Requests that are actions, and their kind; playback:seek is left out (a drag sends dozens). */
export const ACTION_REQUESTS: Partial<Record<RequestName, ActionKind>> = {
  'multipath:set': 'multipath',
  'multipath:forget': 'multipath',
  'limits:set': 'limits',
  'doctor:apply': 'doctor-fix',
  'record:start': 'record',
  'record:stop': 'record',
  'playback:open': 'playback',
  'playback:play': 'playback',
  'playback:close': 'playback',
};

/** Requests that change the kernel's endpoints or limits of the watched namespace. */
const KERNEL_CHANGES: readonly RequestName[] = ['multipath:set', 'limits:set', 'doctor:apply'];

const field = (args: unknown, key: string): unknown =>
  typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[key] : undefined;
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '?';

function limitsChange(args: unknown, before: Limits | undefined, after: unknown): string {
  const parts: string[] = [];
  const got = (k: keyof Limits): unknown => field(after, k) ?? field(args, k);
  for (const [key, label] of [
    ['subflows', 'subflows'],
    ['addAddrAccepted', 'add_addr_accepted'],
  ] as const) {
    if (field(args, key) === undefined) continue;
    parts.push(`${label} ${before ? String(before[key]) : '?'} → ${text(got(key))}`);
  }
  return `limits: ${parts.join(', ') || 'nothing given'}`;
}

/** The change in words, from the request, the state before it and (when done) its result. */
export function describeChange(
  name: RequestName,
  args: unknown,
  before: Snapshot | null,
  value: unknown,
): { change: string; interface?: string } {
  switch (name) {
    case 'multipath:set': {
      const iface = text(field(args, 'interface'));
      const was = before?.interfaces.find((i) => i.name === iface)?.multipath ?? '?';
      const now = field(value, 'mode') ?? field(args, 'mode');
      return { change: `${iface}: ${was} → ${text(now)}`, interface: iface };
    }
    case 'multipath:forget': {
      const iface = text(field(args, 'interface'));
      const was = before?.interfaces.find((i) => i.name === iface)?.remembered?.mode;
      const what = field(value, 'forgotten') === false ? 'had no remembered mode' : 'remembered';
      return {
        change: `${iface}: ${what === 'remembered' ? `remembered ${was ?? 'mode'} forgotten` : what}`,
        interface: iface,
      };
    }
    case 'limits:set':
      return { change: limitsChange(args, before?.limits, value) };
    case 'doctor:apply': {
      const description = field(field(field(value, 'applied'), 'fix'), 'description');
      const id = text(field(args, 'id'));
      return {
        change: `doctor fix ${id}${typeof description === 'string' ? `: ${description}` : ''}`,
      };
    }
    case 'record:start': {
      const id = field(field(value, 'session'), 'id');
      return { change: `recording started${typeof id === 'string' ? ` (${id})` : ''}` };
    }
    case 'record:stop':
      return { change: 'recording stopped' };
    case 'playback:open':
      return { change: `replay of ${text(field(args, 'session'))} opened` };
    case 'playback:play': {
      const speed = field(args, 'speed');
      const playing = field(args, 'playing') === true;
      return {
        change: `replay ${playing ? 'played' : 'paused'}${typeof speed === 'number' && playing ? ` at ${speed}×` : ''}`,
      };
    }
    case 'playback:close':
      return { change: 'back to live' };
    default:
      return { change: name };
  }
}

/** An Around that reads its arguments only as untrusted data (so it can wrap any Host). */
type ActionStep = <K extends RequestName>(
  name: K,
  args: unknown,
  origin: ActionOrigin,
  next: () => Promise<Result<RequestResult<K>>>,
) => Promise<Result<RequestResult<K>>>;

/**
 * Where a kernel change's handler leaves the endpoints it read back, so the action step records
 * what the change left without reading the kernel again. Trusted only when no other kernel change
 * overlapped (then the read-back could be the other change's); otherwise the step reads afresh.
 */
export interface ReadBackSlot {
  readonly note: (endpoints: readonly EndpointShape[]) => void;
  /** The last noted endpoints, emptying the slot. */
  readonly take: () => readonly EndpointShape[] | undefined;
}

export function readBackSlot(): ReadBackSlot {
  let held: readonly EndpointShape[] | undefined;
  return {
    note: (endpoints) => {
      held = endpoints;
    },
    take: () => {
      const out = held;
      held = undefined;
      return out;
    },
  };
}

/**
 * The step that makes every change asked of a Host an 'action' event on the monitor's timeline,
 * brackets kernel changes as Subflow's own (refusing them with code 'netns' when the namespace is
 * gone), and takes the one fresh sample that puts the action on the timeline now.
 */
export function actionEvents(monitor: ActionMonitor, readBack?: ReadBackSlot): ActionStep {
  let running = 0; // kernel changes in progress
  let started = 0; // kernel changes begun, ever
  return async (name, args, origin, next) => {
    const kind = ACTION_REQUESTS[name];
    if (kind === undefined) return next();
    const time = Date.now();
    const before = monitor.latest();
    const changesKernel = KERNEL_CHANGES.includes(name);
    const gone = changesKernel ? monitor.goneReason() : null;
    let own: string | null = null;
    let alone = false;
    let result: Awaited<ReturnType<typeof next>>;
    if (gone !== null) result = { ok: false, error: { code: 'netns', message: gone } };
    else if (!changesKernel) result = await next();
    else {
      own = monitor.changes.begin(time);
      alone = running === 0;
      const mine = ++started;
      running++;
      readBack?.take(); // whatever an earlier change left is not this one's
      try {
        result = await next();
      } finally {
        running--;
      }
      alone &&= started === mine;
    }
    const { change, interface: iface } = describeChange(
      name,
      args,
      before,
      result.ok ? result.value : undefined,
    );
    const action: ActionDetails = {
      kind,
      origin,
      change,
      result: result.ok ? 'done' : 'refused',
      ...(result.ok ? {} : { reason: result.error.message }),
    };
    if (own !== null) {
      // What the change left behind: the state later samples are compared with.
      const noted = readBack?.take();
      const endpoints =
        alone && noted !== undefined
          ? noted
          : await monitor.kernel.call('listEndpoints', null).catch(() => null);
      monitor.changes.end(own, endpoints, action, iface);
    }
    monitor.announce(actionEvent(time, action, iface));
    await monitor.refresh(); // the action reaches the timeline now, not a tick later
    return result;
  };
}

/** `inner` behind the action step (for a Host built elsewhere, e.g. a test's). */
export function withActionEvents(inner: Host, monitor: ActionMonitor): Host {
  const step = actionEvents(monitor);
  return {
    invoke<K extends RequestName>(
      name: K,
      args: unknown,
      origin: ActionOrigin = 'api',
    ): Promise<Result<RequestResult<K>>> {
      return step(name, args, origin, () => inner.invoke(name, args, origin));
    },
    subscribe: (listener) => inner.subscribe(listener),
  };
}
