// Store actions for recording, replay and report export. A change of source (live ↔ replay,
// or another session) empties what the store holds and reloads it from the host, so live and
// replayed data never mix in one chart.
import type { Playback, ReportFormat, ReportResult, Result } from '../../../electron/contract.js';
import { call } from './invoke.js';
import type { StoreGet, StoreSet } from './store-access.js';

export interface SessionActions {
  startRecording: () => Promise<void>;
  stopRecording: () => Promise<void>;
  /** Re-reads record:status (journal size while recording); a failure keeps the last state. */
  refreshRecording: () => Promise<void>;
  /** Refreshes `sessions` from sessions:list. */
  listSessions: () => Promise<void>;
  /** Replays session `id` (playback:open) and starts playing it; whether it opened. */
  openSession: (id: string) => Promise<boolean>;
  /** Moves the replay to `time` (ms since the epoch); the latest of quick successive calls wins. */
  seekPlayback: (time: number) => Promise<void>;
  playPlayback: (playing: boolean, speed?: number) => Promise<void>;
  /** Back to the live kernel (playback:close). */
  closePlayback: () => Promise<void>;
  /** Writes a report of session `id`; progress arrives in `progress`. */
  exportReport: (id: string, format: ReportFormat) => Promise<Result<ReportResult>>;
}

/** Whether `next` feeds the page from another source than `previous`. */
export function sourceChanged(previous: Playback, next: Playback): boolean {
  if (previous.mode !== next.mode) return true;
  return (
    previous.mode === 'replay' && next.mode === 'replay' && previous.session.id !== next.session.id
  );
}

/** What the store holds about the data shown, emptied (settings and links stay). */
export function emptiedData() {
  return {
    snapshot: null,
    events: [],
    interfaceSeries: {},
    connectionSeries: {},
    subflowSeries: {},
    pending: {},
    toggleNotes: {},
    toggleErrors: {},
  };
}

/** Takes a Playback from the host; a change of source empties the store and reloads it. */
export function applyPlayback(get: StoreGet, set: StoreSet, playback: Playback): void {
  if (!sourceChanged(get().playback, playback)) {
    set({ playback });
    return;
  }
  set({ playback, ...emptiedData() });
  void get().load();
}

export function sessionActions(get: StoreGet, set: StoreSet): SessionActions {
  let seekTarget: number | null = null;
  let seeking = false;

  const playbackResult = (r: Result<Playback>) => {
    if (r.ok) applyPlayback(get, set, r.value);
    else set({ notice: r.error.message });
  };

  return {
    async startRecording() {
      const r = await call(get().api, 'record:start', {});
      if (r.ok) set({ recording: r.value });
      else set({ notice: r.error.message });
    },
    async stopRecording() {
      const r = await call(get().api, 'record:stop', {});
      if (r.ok) set({ recording: r.value });
      else set({ notice: r.error.message });
    },
    async refreshRecording() {
      const r = await call(get().api, 'record:status', {});
      if (r.ok) set({ recording: r.value });
    },
    async listSessions() {
      const r = await call(get().api, 'sessions:list', {});
      if (r.ok) set({ sessions: r.value });
      else set({ notice: r.error.message });
    },
    async openSession(id) {
      const opened = await call(get().api, 'playback:open', { session: id });
      playbackResult(opened);
      if (!opened.ok) return false;
      // Playing at once, from the first tick with data (where the host opens it): a replay that
      // waited paused at 0 s with empty charts looked broken.
      playbackResult(await call(get().api, 'playback:play', { playing: true }));
      return true;
    },
    async seekPlayback(time) {
      seekTarget = time;
      if (seeking) return;
      seeking = true;
      try {
        while (seekTarget !== null) {
          const target = seekTarget;
          seekTarget = null;
          // A jump: the charts start again from the new position.
          set({ interfaceSeries: {}, connectionSeries: {}, subflowSeries: {} });
          playbackResult(await call(get().api, 'playback:seek', { time: target }));
        }
      } finally {
        seeking = false;
      }
    },
    async playPlayback(playing, speed) {
      const args = speed === undefined ? { playing } : { playing, speed };
      playbackResult(await call(get().api, 'playback:play', args));
    },
    async closePlayback() {
      playbackResult(await call(get().api, 'playback:close', {}));
    },
    async exportReport(id, format) {
      set({ progress: null });
      const r = await call(get().api, 'report:export', { session: id, format });
      if (!r.ok) set({ notice: r.error.message });
      return r;
    },
  };
}
