// A Host on a running monitor, put together from the features it was given (role-features.ts):
// the monitor's handlers always; control, the doctor and sessions (recording, replay, reports)
// when listed. Every change becomes an action event (action-host.ts); while a recorded session is
// replayed, requests that act on the live kernel are refused with why.
import type { RequestName } from '../contract.js';
import { choiceStore, controlKernel } from '../control/index.js';
import type { HostRole } from '../control/index.js';
import { controlHandlers } from '../control/control-handlers.js';
import { doctorHandlers } from '../doctor/doctor-handlers.js';
import { monitorHandlers, monitorPushes } from '../monitor/monitor-handlers.js';
import type { MonitorService } from '../monitor/monitor-service.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { reportHandlers } from '../report/report-handlers.js';
import { PlaybackController, REPLAYING } from '../session/playback-controller.js';
import { RecordingController } from '../session/recording-controller.js';
import { LIVE_ONLY, sessionHandlers } from '../session/session-handlers.js';
import { sessionPath } from '../session/sessions-dir.js';
import { actionEvents, readBackSlot } from './action-host.js';
import { createHost } from './create-host.js';
import type { Around, Handlers, Host } from './host.js';
import { createPushBus } from './push-bus.js';
import type { Feature } from './role-features.js';

export interface LiveHostOptions {
  readonly monitor: MonitorService;
  readonly features: ReadonlySet<Feature>;
  /** 'server' also announces the addresses (`signal`) when multipath is switched on. */
  readonly mptcpRole: HostRole;
  /** Where recordings go; needed with 'sessions'. */
  readonly sessionsDir?: string;
  /** How reports become PDF (Electron's printToPDF in the app; Chromium headless otherwise). */
  readonly pdf?: PdfPrinter;
  /** More live handler sets, so a replay can stand in for or refuse them. */
  readonly live?: readonly Handlers[];
  /** Why a request this host does not serve is unavailable, by name. */
  readonly unavailable?: Partial<Record<RequestName, string>>;
}

export interface ClosableHost {
  readonly host: Host;
  /**
   * A host of its own for one more viewer (a WebSocket client): a replay it opens is its own,
   * while the live kernel, recording and reports stay shared. Absent where there is no replay or
   * the one replay is everyone's (`subflow serve --replay`).
   */
  readonly viewer?: () => ClosableHost;
  /** Stops a recording in progress (flushed) and the replays; does not stop the monitor. */
  close(): Promise<void>;
}

export function createLiveHost(options: LiveHostOptions): ClosableHost {
  const { monitor, features, mptcpRole: role } = options;
  const netns = monitor.options.netns;
  const choices = choiceStore();
  const readBack = readBackSlot();
  const live: Handlers = Object.assign(
    {},
    monitorHandlers(monitor),
    features.has('control')
      ? controlHandlers(() => controlKernel(monitor.kernel), {
          netns,
          role,
          choices,
          onReadBack: readBack.note,
          ownerOf: (iface) => monitor.interfaceInfo?.owner?.(iface) ?? null,
          profileOf: (iface) => monitor.interfaceInfo?.profile?.(iface) ?? null,
          profileInForce: (iface) =>
            monitor.interfaceInfo?.profileInForce?.(iface) ?? Promise.resolve(undefined),
          // The card shows the new remembered mode with the next tick.
          choicesChanged: async () => {
            await monitor.interfaceInfo?.reload?.();
          },
        })
      : {},
    features.has('doctor') ? doctorHandlers(() => monitor.kernel, { netns, role, choices }) : {},
    ...(options.live ?? []),
  ) as Handlers;
  const around: Around[] = [actionEvents(monitor, readBack)];
  const base = { around, ...(options.unavailable ? { unavailable: options.unavailable } : {}) };

  const { sessionsDir } = options;
  if (!features.has('sessions')) {
    const host = createHost({ ...base, handlers: [live], pushes: monitorPushes(monitor) });
    return { host, close: () => Promise.resolve() };
  }
  if (sessionsDir === undefined) throw new Error('a host with sessions needs a sessions directory');
  // Pushes every viewer gets (recording, report progress); each viewer adds its own ticks.
  const shared = createPushBus();
  const recording = new RecordingController({ monitor, sessionsDir, bus: shared });
  const reports = reportHandlers({
    sessionsDir,
    emit: (push) => {
      shared.emit(push);
    },
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });
  const viewers = new Set<ClosableHost>();

  // A host of its own for one viewer: a replay it opens is its own, the others stay live.
  const viewer = (): ClosableHost => {
    const own = createPushBus();
    const playback = new PlaybackController({
      bus: own,
      live: monitor,
      resolve: (id) => sessionPath(sessionsDir, id),
    });
    const gate: Around = (name, _args, _origin, next) =>
      // The refusal is answered here so its code stays 'unavailable' whatever the error mapping.
      playback.replaying && LIVE_ONLY.includes(name)
        ? Promise.resolve({ ok: false, error: { code: 'unavailable', message: REPLAYING } })
        : next();
    const host = createHost({
      ...base,
      around: [...around, gate],
      handlers: [live, sessionHandlers({ live, playback, recording, sessionsDir }), reports],
      pushes: (listener) => {
        const offShared = shared.subscribe(listener);
        const offOwn = own.subscribe(listener);
        return () => {
          offShared();
          offOwn();
        };
      },
    });
    const made: ClosableHost = {
      host,
      close() {
        viewers.delete(made);
        playback.dispose();
        return Promise.resolve();
      },
    };
    viewers.add(made);
    return made;
  };

  // The host of REST requests and of the desktop window; the server makes one more per client.
  const first = viewer();
  return {
    host: first.host,
    viewer,
    async close() {
      recording.dispose();
      await Promise.all([...viewers].map((v) => v.close()));
    },
  };
}
