// Hosts with sessions, ready for the shells: createSessionHost (the live monitor + recording +
// replay, for `subflow serve` and the app) and createReplayHost (one journal, no kernel, for
// `subflow serve --replay JOURNAL`). Every tick reaches subscribers as onTick either way. A live
// session host makes a host per viewer (viewer()): a replay one viewer opens is its own, and the
// others stay live; a --replay host has one replay, everyone's.
import { stat } from 'node:fs/promises';
import type { RequestName } from '../contract.js';
import type { HostRole } from '../control/index.js';
import type { MonitorService } from '../monitor/monitor-service.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { readJournal } from '../session/journal/journal-reader.js';
import { PlaybackController } from '../session/playback-controller.js';
import { LIVE_ONLY, sessionHandlers } from '../session/session-handlers.js';
import { SessionError } from '../session/sessions-dir.js';
import { createHost } from './create-host.js';
import type { Handlers } from './host.js';
import { createLiveHost } from './live-host.js';
import type { ClosableHost } from './live-host.js';
import { createPushBus } from './push-bus.js';
import type { Feature } from './role-features.js';

export type { ClosableHost } from './live-host.js';

export interface SessionHostOptions {
  readonly monitor: MonitorService;
  readonly role: HostRole;
  readonly sessionsDir: string;
  /** More live handler sets (e.g. the doctor's), so a replay can stand in for or refuse them. */
  readonly live?: readonly Handlers[];
  /** How reports become PDF (Electron's printToPDF in the app; Chromium headless otherwise). */
  readonly pdf?: PdfPrinter;
}

/** What a host with sessions serves beyond the monitor (the doctor comes in `live` if wanted). */
const SESSION_FEATURES: ReadonlySet<Feature> = new Set(['control', 'sessions']);

/** A Host with sessions on a monitor someone else started (and stops). */
export function createSessionHost(options: SessionHostOptions): ClosableHost {
  return createLiveHost({
    monitor: options.monitor,
    features: SESSION_FEATURES,
    mptcpRole: options.role,
    sessionsDir: options.sessionsDir,
    ...(options.live ? { live: options.live } : {}),
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });
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
