// What the host feeds the renderer: the live monitor's ticks, or a journal being replayed. Every
// tick goes out as the same onTick push either way; onPlayback says which it is. While a replay
// is open, live ticks are held back (the monitor keeps running and recording may go on).
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  Playback,
  PmEvent,
  RateHistory,
  SessionInfo,
  Snapshot,
  TickUpdate,
} from '../contract.js';
import type { PushBus } from '../host/push-bus.js';
import { readJournal } from './journal/journal-reader.js';
import type { JournalContents } from './journal/journal-types.js';
import { firstTickWithData, Replay } from './replay-cursor.js';
import { SessionError } from './sessions-dir.js';

/** The live side: a MonitorService, or nothing for a host that only replays. */
export interface LiveTicks {
  subscribe(
    listener: (update: TickUpdate) => void,
    options?: { readonly eventsBetweenTicks?: boolean },
  ): () => void;
  latest(): Snapshot | null;
}

export interface PlaybackDeps {
  readonly bus: PushBus;
  readonly live: LiveTicks | null;
  /** A session id → its journal's path (throws SessionError when there is none). */
  readonly resolve: (id: string) => Promise<string>;
}

/** The sentence for live-only requests while a replay is open. */
export const REPLAYING = 'replaying a recorded session: close the replay to change the live kernel';

export class PlaybackController {
  private replay: Replay | null = null;
  private session: SessionInfo | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PlaybackDeps) {
    this.unsubscribe =
      // Kernel events as they arrive too (not only with the tick): the transports want them now.
      deps.live?.subscribe(
        (update) => {
          if (this.replay === null) deps.bus.emit({ name: 'onTick', payload: update });
        },
        { eventsBetweenTicks: true },
      ) ?? (() => undefined);
  }

  get replaying(): boolean {
    return this.replay !== null;
  }

  state(): Playback {
    const r = this.replay;
    if (r === null || this.session === null) return { mode: 'live' };
    return {
      mode: 'replay',
      session: this.session,
      position: r.position,
      playing: r.playing,
      speed: r.speed,
    };
  }

  /** Replays session `id` (from the sessions directory), paused at its first tick with data. */
  async open(id: string): Promise<Playback> {
    const path = await this.deps.resolve(id);
    const contents = await readJournal(path);
    return this.openContents(path, contents, (await stat(path)).size);
  }

  /** Replays journal contents already read (`subflow serve --replay`). */
  openContents(path: string, contents: JournalContents, bytes: number): Playback {
    if (contents.ticks.length === 0)
      throw new SessionError(
        `${basename(path)} holds no ticks: nothing to replay; record for at least one interval`,
        'bad-request',
      );
    this.replay?.stop();
    this.session = sessionInfoOf(path, contents, bytes);
    const replay = new Replay(contents, {
      tick: (update) => {
        if (this.replay === replay) this.deps.bus.emit({ name: 'onTick', payload: update });
      },
      ended: () => {
        if (this.replay === replay) this.pushState();
      },
    });
    this.replay = replay;
    // Without emitting: the one tick pushed below is where the replay stands.
    const first = contents.ticks[firstTickWithData(contents.ticks)];
    if (first) replay.moveTo(first.snapshot.time);
    this.pushState();
    this.deps.bus.emit({ name: 'onTick', payload: replay.current });
    return this.state();
  }

  seek(time: number): Playback {
    this.need().seek(time);
    return this.pushState();
  }

  play(playing: boolean, speed?: number): Playback {
    this.need().play(playing, speed);
    return this.pushState();
  }

  /** Back to the live kernel; the latest live snapshot goes out at once. */
  close(): Playback {
    if (this.replay === null) return this.state();
    this.replay.stop();
    this.replay = null;
    this.session = null;
    const state = this.pushState();
    const latest = this.deps.live?.latest();
    if (latest) this.deps.bus.emit({ name: 'onTick', payload: { snapshot: latest, events: [] } });
    return state;
  }

  snapshot(): Snapshot {
    return this.need().snapshot();
  }

  events(since?: number): PmEvent[] {
    return this.need().events(since);
  }

  history(seconds: number, connection?: string): RateHistory {
    return this.need().history(seconds, connection);
  }

  /** Stops the replay timer and the live forwarding. */
  dispose(): void {
    this.replay?.stop();
    this.unsubscribe();
  }

  private need(): Replay {
    if (this.replay === null)
      throw new SessionError(
        'no recorded session is open: open one with playback:open first',
        'bad-request',
      );
    return this.replay;
  }

  private pushState(): Playback {
    const state = this.state();
    this.deps.bus.emit({ name: 'onPlayback', payload: state });
    return state;
  }
}

/** SessionInfo of a journal read back. */
export function sessionInfoOf(path: string, contents: JournalContents, bytes: number): SessionInfo {
  const last = contents.ticks[contents.ticks.length - 1];
  return {
    id: basename(path),
    path,
    startedAt: contents.header.startedAt,
    endedAt: last ? last.snapshot.time : contents.header.startedAt,
    ticks: contents.ticks.length,
    bytes,
    hostname: contents.header.hostname,
    netns: contents.header.netns,
  };
}
