// What the privileged helper serves: the same monitor, control and doctor code as the app and
// `subflow serve`, run with CAP_NET_ADMIN (kernel events, endpoint changes, doctor fixes).
// Sessions stay with the app: a root process writing journals and reports into a user's
// directory would leave files the user cannot remove, so those requests are refused here.
import { choiceStore, rememberChoices } from '../control/index.js';
import type { HostRole } from '../control/index.js';
import type { RequestName } from '../contract.js';
import { REQUEST_NAMES } from '../contract.js';
import { withActionEvents } from '../action-host.js';
import { createHost } from '../app-host.js';
import { doctorHandlers } from '../doctor/doctor-handlers.js';
import type { Host } from '../host.js';
import { monitorHandlers, monitorPushes } from '../host-services.js';
import { MonitorService } from '../monitor/monitor-service.js';
import { KERNEL_REQUESTS } from './privilege-plan.js';

const SESSION_REASON =
  'the privileged helper only reads and changes the kernel; sessions are kept by the app itself';

/** Options of {@link createHelperHost}. */
export interface HelperHostOptions {
  /** Named namespace to watch, or null for the helper's own. */
  readonly netns: string | null;
  readonly role: HostRole;
  /** Tick interval in ms (default 1000). */
  readonly intervalMs?: number;
}

/** A started helper Host and how to stop it. */
export interface HelperHost {
  readonly host: Host;
  readonly monitor: MonitorService;
  close(): Promise<void>;
}

/** Starts the monitor (first snapshot taken) and builds the helper's Host on it. */
export async function createHelperHost(options: HelperHostOptions): Promise<HelperHost> {
  const monitor = new MonitorService({
    netns: options.netns,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
  try {
    await monitor.start();
  } catch (err) {
    // The kernel thread exists from the constructor on: end it, or the process never exits.
    await monitor.stop().catch(() => undefined);
    throw err;
  }
  // Remembered modes come back with their interfaces while the helper runs.
  const remembered = await rememberChoices(monitor, choiceStore(), { role: options.role });
  // Everything that reads or changes the kernel (privilege-plan.ts); nothing else.
  const served: ReadonlySet<string> = new Set(KERNEL_REQUESTS);
  const unavailable: Partial<Record<RequestName, string>> = Object.fromEntries(
    REQUEST_NAMES.filter((name) => !served.has(name)).map((name) => [name, SESSION_REASON]),
  );
  const inner = createHost({
    handlers: [
      monitorHandlers(monitor, options.role, choiceStore()),
      doctorHandlers(() => monitor.kernel, {
        netns: options.netns,
        role: options.role,
        choices: choiceStore(),
      }),
    ],
    pushes: monitorPushes(monitor),
    unavailable,
  });
  // The desktop's changes are made here: they become action events on the helper's timeline.
  const host = withActionEvents(inner, monitor);
  return {
    host,
    monitor,
    close: async () => {
      await remembered.close();
      await monitor.stop();
    },
  };
}
