// How often one viewer (a dashboard page over the WebSocket, or the desktop window) is sent
// ticks: every tick while it is seen, one every HIDDEN_TICK_MS while its page says it is hidden
// or its window is hidden or minimised. A hidden page draws nothing, so full-rate ticks would
// only cost both ends; the slow tick keeps its store roughly current, and the page re-fetches
// snapshot, events and history when it is shown again. Other pushes (recording, playback,
// progress) always go out: they are rare and change what the viewer will show.
import type { ViewerTicksState } from '../contract.js';
import type { HostPush } from '../host/host.js';

/** Least time between two ticks sent to a hidden viewer. */
export const HIDDEN_TICK_MS = 10_000;

/** Who says the viewer is hidden: its page (Page Visibility) or its window (Electron). */
export type HiddenSource = 'page' | 'window';

export interface ViewerTicks {
  /** Records what `source` says; returns the viewer's resulting state. */
  setVisible(source: HiddenSource, visible: boolean): ViewerTicksState;
  /** Whether the tick of time `now` (ms) goes to this viewer; a tick sent is remembered. */
  take(now: number): boolean;
  readonly state: ViewerTicksState;
}

export function createViewerTicks(hiddenTickMs = HIDDEN_TICK_MS): ViewerTicks {
  const hiddenBy = new Set<HiddenSource>();
  let lastSent = -Infinity;
  const state = (): ViewerTicksState =>
    hiddenBy.size === 0
      ? { visible: true, everyMs: null }
      : { visible: false, everyMs: hiddenTickMs };
  return {
    setVisible(source, visible) {
      if (visible) hiddenBy.delete(source);
      else hiddenBy.add(source);
      return state();
    },
    take(now) {
      if (hiddenBy.size > 0 && now - lastSent < hiddenTickMs) return false;
      lastSent = now;
      return true;
    },
    get state() {
      return state();
    },
  };
}

/**
 * Whether `push` goes to a viewer with these `ticks` at `now`. Kernel events pushed between ticks
 * (eventsOnly) go to a seen viewer and never use up a hidden one's slow tick; a hidden page
 * re-fetches the events when it is shown again.
 */
export function viewerWants(ticks: ViewerTicks, push: HostPush, now: number): boolean {
  if (push.name !== 'onTick') return true;
  if (push.payload.eventsOnly === true) return ticks.state.visible;
  return ticks.take(now);
}
