// Hosts with sessions, ready for the shells: createSessionHost (the live monitor + recording +
// replay, for `subflow serve` and the app) and createReplayHost (one journal, no kernel, for
// `subflow serve --replay JOURNAL`). Every tick reaches subscribers as onTick either way. A live
// session host makes a host per viewer (viewer()): a replay one viewer opens is its own, and the
// others stay live; a --replay host has one replay, everyone's.
import { stat } from 'node:fs/promises';
import { createHost } from '../app-host.js';
import { withActionEvents } from '../action-host.js';
import type { ActionOrigin, RequestName, RequestResult, Result } from '../contract.js';
import { choiceStore } from '../control/index.js';
import type { HostRole } from '../control/index.js';
import type { Handlers, Host } from '../host.js';
import { monitorHandlers } from '../host-services.js';
import type { MonitorService } from '../monitor/monitor-service.js';
import { createPushBus } from '../push-bus.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { reportHandlers } from '../report/report-handlers.js';
import { readJournal } from './journal-reader.js';
import { PlaybackController, REPLAYING } from './playback.js';
import { RecordingController } from './recording.js';
import { LIVE_ONLY, sessionHandlers } from './session-handlers.js';
import { SessionError, sessionPath } from './sessions-dir.js';

export interface SessionHostOptions {
  readonly monitor: MonitorService;
  readonly role: HostRole;
  readonly sessionsDir: string;
  /** More live handler sets (e.g. the doctor's), so a replay can stand in for or refuse them. */
  readonly live?: readonly Handlers[];
  /** How reports become PDF (Electron's printToPDF in the app; Chromium headless otherwise). */
  readonly pdf?: PdfPrinter;
}

export interface ClosableHost {
  readonly host: Host;
  /**
   * A host of its own for one more viewer (a WebSocket client): a replay it opens is its own,
   * while the live kernel, recording and reports stay shared. Absent where the one replay is
   * everyone's (`subflow serve --replay`).
   */
  readonly viewer?: () => ClosableHost;
  /** Stops a recording in progress (flushed) and the replays; does not stop the monitor. */
  close(): Promise<void>;
}

export function createSessionHost(options: SessionHostOptions): ClosableHost {
  const { monitor, sessionsDir } = options;
  // Pushes every viewer gets (recording, report progress); each viewer adds its own ticks.
  const shared = createPushBus();
  const live: Handlers = Object.assign(
    {},
    monitorHandlers(monitor, options.role, choiceStore()),
    ...(options.live ?? []),
  ) as Handlers;
  const recording = new RecordingController({ monitor, sessionsDir, bus: shared });
  const reports = reportHandlers({
    sessionsDir,
    emit: (push) => {
      shared.emit(push);
    },
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });
  const viewers = new Set<ClosableHost>();

  const viewer = (): ClosableHost => {
    const own = createPushBus();
    const playback = new PlaybackController({
      bus: own,
      live: monitor,
      resolve: (id) => sessionPath(sessionsDir, id),
    });
    const inner = createHost({
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
    const gated: Host = {
      // The refusal is answered here so its code stays 'unavailable' whatever the error mapping.
      invoke<K extends RequestName>(
        name: K,
        args: unknown,
        origin?: ActionOrigin,
      ): Promise<Result<RequestResult<K>>> {
        if (playback.replaying && LIVE_ONLY.includes(name))
          return Promise.resolve({ ok: false, error: { code: 'unavailable', message: REPLAYING } });
        return inner.invoke(name, args, origin);
      },
      subscribe: (listener) => inner.subscribe(listener),
    };
    const made: ClosableHost = {
      // Every change asked of this host becomes an 'action' event on the live timeline.
      host: withActionEvents(gated, monitor),
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

/** A host replaying the journal at `journalPath`; throws a JournalError if it cannot be read. */
export async function createReplayHost(journalPath: string): Promise<ClosableHost> {
  const contents = await readJournal(journalPath);
  const bytes = (await stat(journalPath)).size;
  const bus = createPushBus();
  const playback = new PlaybackController({
    bus,
    live: null,
    resolve: () =>
      Promise.reject(new SessionError(`this server replays ${journalPath} only`, 'unavailable')),
  });
  playback.openContents(journalPath, contents, bytes);
  const why = `this server replays the journal ${journalPath}: there is no live kernel (run subflow serve without --replay for one)`;
  const unavailable: Partial<Record<RequestName, string>> = {};
  for (const name of [
    ...LIVE_ONLY,
    'monitor:configure',
    'doctor:run',
    'record:start',
    'record:stop',
    'record:status',
    'playback:open',
    'playback:close',
  ] as const) {
    unavailable[name] = why;
  }
  unavailable['report:export'] =
    `this server replays one journal: make its report with 'subflow report ${journalPath}'`;
  const session = playback.state();
  const host = createHost({
    handlers: [
      sessionHandlers({ live: {}, playback }),
      {
        'sessions:list': () => Promise.resolve(session.mode === 'replay' ? [session.session] : []),
      },
    ],
    pushes: bus.subscribe,
    unavailable,
  });
  return {
    host,
    close() {
      playback.dispose();
      return Promise.resolve();
    },
  };
}
