// The sessions part of the Host: record:*, sessions:list, playback:*, and overrides of the
// requests a replay must answer instead of the live monitor (snapshot, events, history). While a
// replay is open, requests that change the live kernel are refused as 'unavailable'.
import type { RequestName } from '../contract.js';
import type { Handler, Handlers } from '../host/host.js';
import type { PlaybackController } from './playback-controller.js';
import { REPLAYING } from './playback-controller.js';
import type { RecordingController } from './recording-controller.js';
import { listSessions } from './session-list.js';
import { SessionError } from './sessions-dir.js';

const DEFAULT_HISTORY_SECONDS = 600;

/** Requests that act on the live kernel: refused while a replay is open. */
export const LIVE_ONLY: readonly RequestName[] = [
  'multipath:set',
  'multipath:forget',
  'limits:set',
  'doctor:apply',
];

export interface SessionDeps {
  /** The live handlers the replay stands in for (monitorHandlers, and doctor's if served). */
  readonly live: Handlers;
  readonly playback: PlaybackController;
  /** Absent on a host that only replays. */
  readonly recording?: RecordingController;
  /** The sessions directory (sessions:list, playback:open); absent on a replay-only host. */
  readonly sessionsDir?: string;
}

/** A synchronous answer as a handler: a throw becomes a rejection. */
function now<A, R>(fn: (args: A) => R): (args: A) => Promise<R> {
  return (args) => {
    try {
      return Promise.resolve(fn(args));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
}

const unavailable = (message: string): SessionError => new SessionError(message, 'unavailable');

/** Answers from the replay while one is open, from `live` otherwise. */
function replayOr<K extends RequestName>(
  deps: SessionDeps,
  name: K,
  fromReplay: Handler<K>,
): Handler<K> {
  return (args) => {
    if (deps.playback.replaying) return fromReplay(args);
    const live: Handler<K> | undefined = deps.live[name];
    if (!live) return Promise.reject(unavailable(`${name} is not served by this host`));
    return live(args);
  };
}

/** Refused while replaying, the live handler otherwise. */
function liveOnly<K extends RequestName>(deps: SessionDeps, name: K): Handler<K> | undefined {
  const live: Handler<K> | undefined = deps.live[name];
  if (!live) return undefined;
  return (args) => (deps.playback.replaying ? Promise.reject(unavailable(REPLAYING)) : live(args));
}

export function sessionHandlers(deps: SessionDeps): Handlers {
  const { playback, recording, sessionsDir } = deps;
  const handlers: { -readonly [K in RequestName]?: Handler<K> } = {
    'snapshot:get': replayOr(
      deps,
      'snapshot:get',
      now(() => playback.snapshot()),
    ),
    'events:list': replayOr(
      deps,
      'events:list',
      now((args) => playback.events(args.since)),
    ),
    'history:get': replayOr(
      deps,
      'history:get',
      now((args) => playback.history(args.seconds ?? DEFAULT_HISTORY_SECONDS, args.connection)),
    ),
    'playback:get': now(() => playback.state()),
    'playback:seek': now((args) => playback.seek(args.time)),
    'playback:play': now((args) => playback.play(args.playing, args.speed)),
  };
  for (const name of LIVE_ONLY) {
    const h = liveOnly(deps, name);
    if (h) (handlers as Record<string, unknown>)[name] = h;
  }
  if (recording) {
    handlers['record:start'] = () => recording.start();
    handlers['record:stop'] = now(() => recording.stop());
    handlers['record:status'] = now(() => recording.status());
  }
  if (sessionsDir !== undefined) {
    handlers['sessions:list'] = async () => {
      const active = recording?.status();
      const listed = await listSessions(
        sessionsDir,
        active?.active ? active.session?.id : undefined,
      );
      return active?.active && active.session ? [active.session, ...listed] : listed;
    };
    handlers['playback:open'] = (args) => playback.open(args.session);
    handlers['playback:close'] = now(() => playback.close());
  }
  return handlers;
}
