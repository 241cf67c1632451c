// Filling the store from the host: subscribing to its pushes, the initial (and after-reconnect)
// load of snapshot, events, history, recording, playback and monitor state, and the expanded
// connection's history. Each answer is merged with what ticks brought meanwhile.
import type {
  ApiError,
  PmEvent,
  RateHistory,
  RequestArgs,
  RequestName,
  RequestResult,
  SubflowApi,
} from '../../../electron/contract.js';
import { call } from './invoke.js';
import { mergeHistory } from './series.js';
import type { SeriesBuffer, SeriesBound } from './series.js';
import { applyPlayback } from './session-actions.js';
import type { StoreGet, StoreSet } from './store-access.js';
import type { StoreData } from './state.js';
import { LONG, LONG_WINDOW_MS, MAX_EVENTS, SHORT } from './tick.js';

const HISTORY_SECONDS = LONG_WINDOW_MS / 1000;

/**
 * Events listed by the host (oldest first) merged into `current` (newest first): the listing
 * replaces what `current` holds for its time span; newer and older events of `current` stay.
 */
export function mergeEvents(current: PmEvent[], listed: readonly PmEvent[]): PmEvent[] {
  const first = listed[0];
  const last = listed[listed.length - 1];
  if (first === undefined || last === undefined) return current;
  const newer = current.filter((e) => e.time > last.time);
  const older = current.filter((e) => e.time < first.time);
  return [...newer, ...[...listed].reverse(), ...older].slice(0, MAX_EVENTS);
}

function mergeAll(
  target: Record<string, SeriesBuffer>,
  history: Readonly<Record<string, RateHistory['interfaces'][string]>>,
  bound: (key: string) => SeriesBound,
): Record<string, SeriesBuffer> {
  const keys = Object.keys(history);
  if (keys.length === 0) return target;
  const next = { ...target };
  for (const key of keys) {
    const series = history[key];
    if (series) next[key] = mergeHistory(series, target[key], bound(key));
  }
  return next;
}

/** The store's series with `history` merged in. */
export function applyHistory(
  state: Pick<StoreData, 'interfaceSeries' | 'connectionSeries' | 'subflowSeries' | 'expanded'>,
  history: RateHistory,
): Pick<StoreData, 'interfaceSeries' | 'connectionSeries' | 'subflowSeries'> {
  const expanded = state.expanded;
  return {
    interfaceSeries: mergeAll(state.interfaceSeries, history.interfaces, () => LONG),
    connectionSeries: mergeAll(state.connectionSeries, history.connections, () => SHORT),
    subflowSeries: mergeAll(state.subflowSeries, history.subflows, (key) =>
      expanded !== null && key.startsWith(`${expanded}/`) ? LONG : SHORT,
    ),
  };
}

/** Records why a request failed: a feature this host lacks, or a notice for the viewer. */
function failed(set: StoreSet, name: RequestName, what: string, error: ApiError): void {
  if (error.code === 'unavailable' || error.code === 'not-found') {
    set((s) => ({ unavailable: { ...s.unavailable, [name]: error.message } }));
  } else {
    set({ notice: `Could not load ${what}: ${error.message}` });
  }
}

/** Loads everything the page shows from the host, merging with what ticks already brought. */
export async function loadAll(get: StoreGet, set: StoreSet): Promise<void> {
  const api = get().api;
  const expanded = get().expanded;
  const historyArgs =
    expanded === null
      ? { seconds: HISTORY_SECONDS }
      : { seconds: HISTORY_SECONDS, connection: expanded };
  const fetch = async <K extends RequestName>(
    name: K,
    args: RequestArgs<K>,
    what: string,
    apply: (value: RequestResult<K>) => void,
  ): Promise<void> => {
    const r = await call(api, name, args);
    if (r.ok) apply(r.value);
    else failed(set, name, what, r.error);
  };
  await Promise.all([
    fetch('snapshot:get', {}, 'the snapshot', (snapshot) => {
      const current = get().snapshot;
      if (current === null || current.time < snapshot.time)
        get().applyTick({ snapshot, events: [] });
    }),
    fetch('events:list', {}, 'the events', (events) => {
      set((s) => ({ events: mergeEvents(s.events, events) }));
    }),
    fetch('history:get', historyArgs, 'the rate history', (history) => {
      set((s) => applyHistory(s, history));
    }),
    fetch('record:status', {}, 'the recording state', (recording) => {
      set({ recording });
    }),
    fetch('playback:get', {}, 'the playback state', (playback) => {
      set({ playback });
    }),
    fetch('monitor:configure', {}, 'the tick interval', (monitor) => {
      set({ monitor });
    }),
  ]);
}

/** Fetches the 10-minute history of connection `token` and its subflows (if still expanded). */
export async function loadConnectionHistory(
  get: StoreGet,
  set: StoreSet,
  token: string,
): Promise<void> {
  const r = await call(get().api, 'history:get', { seconds: HISTORY_SECONDS, connection: token });
  if (!r.ok) {
    set({ notice: `Could not load the history of connection ${token}: ${r.error.message}` });
    return;
  }
  if (get().expanded !== token) return;
  set((s) => applyHistory(s, { ...r.value, interfaces: {} }));
}

/** Subscribes the store to `api`'s pushes and loads everything; returns the detach function. */
export function attachApi(get: StoreGet, set: StoreSet, api: SubflowApi): () => void {
  set({ api });
  const offs = [
    api.on('onTick', (update) => {
      get().applyTick(update);
    }),
    api.on('onRecording', (recording) => {
      set({ recording });
    }),
    api.on('onPlayback', (playback) => {
      applyPlayback(get, set, playback);
    }),
    api.on('onProgress', (progress) => {
      set({ progress });
    }),
  ];
  void get().load();
  return () => {
    for (const off of offs) off();
    if (get().api === api) set({ api: null });
  };
}
