// The shape of what the renderer's store holds, apart from the store itself: the action modules
// (load.ts, session-actions.ts) receive the store's get/set typed by this, so none of them
// imports store.ts, which builds the store out of them.
import type {
  Playback,
  PmEvent,
  Progress,
  RecordingState,
  SessionInfo,
  Snapshot,
  SubflowApi,
  MultipathMode,
  TickUpdate,
} from '../../../electron/contract.js';
import type { ConnectionStatus } from '../transport/connection-status.js';
import type { SeriesBuffer } from './series.js';
import type { Settings } from './settings.js';

/** The monitor's tick interval (ms) and whether it is paused, as monitor:configure answers. */
export interface MonitorState {
  readonly intervalMs: number;
  readonly paused: boolean;
}

/** What the store holds (its data, without the actions). */
export interface StoreData {
  api: SubflowApi | null;
  status: ConnectionStatus;
  /** Latest tick (live or replay). */
  snapshot: Snapshot | null;
  /** Newest first, at most MAX_EVENTS. */
  events: PmEvent[];
  /** By interface name, the last 10 min. */
  interfaceSeries: Record<string, SeriesBuffer>;
  /** By token, the last 120 points (sparklines). */
  connectionSeries: Record<string, SeriesBuffer>;
  /** By subflowKey(token, subflow): 10 min for the expanded connection, else 120 points. */
  subflowSeries: Record<string, SeriesBuffer>;
  /** Token of the expanded connection. */
  expanded: string | null;
  /** Interface → mode being applied. */
  pending: Record<string, MultipathMode>;
  /** Interface → why the last change failed (one sentence). */
  toggleErrors: Record<string, string>;
  /** Interface → notes of the last MultipathResult. */
  toggleNotes: Record<string, readonly string[]>;
  recording: RecordingState | null;
  playback: Playback;
  settings: Settings;
  /** Tick interval and pause, once the host said (null before). */
  monitor: MonitorState | null;
  /** Latest progress push of a long task (report export). */
  progress: Progress | null;
  /** sessions:list, newest first (null before the first listing). */
  sessions: SessionInfo[] | null;
  /** Request name → why this host cannot serve it (features it lacks). */
  unavailable: Record<string, string>;
  /** The last failed action, one sentence; shown until dismissed. */
  notice: string | null;
  /** Whether the page is hidden (Page Visibility): ticks are then held, not rendered. */
  pageHidden: boolean;
}

/** What action modules may use of the store: its data and the two actions they call back. */
export interface StoreView extends StoreData {
  /** Applies one tick: ONE set(). */
  applyTick: (update: TickUpdate) => void;
  /** (Re)loads snapshot, events, history, recording, playback and monitor state. */
  load: () => Promise<void>;
}
