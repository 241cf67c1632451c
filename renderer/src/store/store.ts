// The renderer's one store: what the host last sent (snapshot, events, rate series, recording,
// playback), the viewer's settings, and the actions that talk to the host. A tick is applied
// with ONE set(); components select narrowly so a tick re-renders only what changed.
import { create } from 'zustand';
import type { MultipathMode, Playback, SubflowApi } from '../../../electron/contract.js';
import type { ConnectionStatus } from '../transport/connection-status.js';
import { call } from './invoke.js';
import { attachApi, loadAll, loadConnectionHistory } from './load.js';
import type { SeriesBuffer } from './series.js';
import { sessionActions } from './session-actions.js';
import type { SessionActions } from './session-actions.js';
import type { MonitorState, StoreData, StoreView } from './state.js';
import type { Settings, Units, WindowSeconds } from './settings.js';
import { loadSettings, saveSettings } from './settings.js';
import { holdTick } from './hidden-ticks.js';
import { reduceTick, type TickChanges } from './tick.js';

export type {
  ConnectionStatus,
  MonitorState,
  SeriesBuffer,
  Settings,
  StoreData,
  Units,
  WindowSeconds,
};

export interface SubflowState extends StoreView, SessionActions {
  setExpanded: (token: string | null) => void;
  setMultipath: (iface: string, mode: MultipathMode) => Promise<void>;
  /** Forgets the mode remembered for an interface; a refusal lands in toggleErrors. */
  forgetMultipath: (iface: string) => Promise<void>;
  setSettings: (patch: Partial<Settings>) => void;
  setStatus: (status: ConnectionStatus) => void;
  /** Subscribes to `api`'s pushes and loads everything; returns the detach function. */
  attach: (api: SubflowApi) => () => void;
  configureMonitor: (patch: Partial<MonitorState>) => Promise<void>;
  dismissNotice: () => void;
  /**
   * The page was hidden or shown: hidden, ticks are held (nothing renders); shown, what was held
   * is applied at once and the rest re-fetched from the host.
   */
  setPageVisible: (visible: boolean) => void;
}

/** The data part of a fresh store (no api, nothing received). */
export function initialData() {
  return {
    api: null,
    status: { kind: 'connecting' } as ConnectionStatus,
    snapshot: null,
    events: [],
    interfaceSeries: {},
    connectionSeries: {},
    subflowSeries: {},
    expanded: null,
    pending: {},
    toggleErrors: {},
    toggleNotes: {},
    recording: null,
    playback: { mode: 'live' } as Playback,
    settings: loadSettings(),
    monitor: null,
    progress: null,
    sessions: null,
    unavailable: {},
    notice: null,
    pageHidden: false,
  } satisfies Partial<SubflowState>;
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  if (!(key in record)) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** Ticks reduced while the page is hidden, not yet applied (hidden-ticks.ts). */
let held: TickChanges | null = null;

export const useSubflowStore = create<SubflowState>()((set, get) => ({
  ...initialData(),

  applyTick(update) {
    if (get().pageHidden) {
      held = holdTick(get(), held, update);
      return;
    }
    set(reduceTick(get(), update));
  },

  setPageVisible(visible) {
    if (visible !== get().pageHidden) return;
    if (!visible) {
      set({ pageHidden: true });
      return;
    }
    const changes = held;
    held = null;
    set({ ...changes, pageHidden: false });
    // A hidden page is sent a slow tick: fetch the events and history it was not sent.
    void get().load();
  },

  setExpanded(token) {
    set({ expanded: token });
    if (token !== null) void loadConnectionHistory(get, set, token);
  },

  async setMultipath(iface, mode) {
    set((s) => ({
      pending: { ...s.pending, [iface]: mode },
      toggleErrors: without(s.toggleErrors, iface),
    }));
    const result = await call(get().api, 'multipath:set', { interface: iface, mode });
    if (!result.ok) {
      set((s) => ({
        pending: without(s.pending, iface),
        toggleErrors: { ...s.toggleErrors, [iface]: result.error.message },
      }));
      return;
    }
    const readBack = result.value;
    set((s) => ({
      pending: without(s.pending, iface),
      toggleNotes: { ...s.toggleNotes, [iface]: readBack.notes },
      // The mode read back from the kernel is newer than the last tick: show it now.
      snapshot:
        s.snapshot === null
          ? null
          : {
              ...s.snapshot,
              interfaces: s.snapshot.interfaces.map((i) =>
                i.name === iface ? { ...i, multipath: readBack.mode } : i,
              ),
            },
    }));
  },

  async forgetMultipath(iface) {
    set((s) => ({ toggleErrors: without(s.toggleErrors, iface) }));
    // The key the card shows: the profile's when the mode is remembered for one.
    const profile = get().snapshot?.interfaces.find((i) => i.name === iface)?.remembered?.profile;
    const result = await call(get().api, 'multipath:forget', {
      interface: iface,
      ...(profile !== undefined ? { profile: profile.uuid } : {}),
    });
    if (!result.ok) {
      set((s) => ({ toggleErrors: { ...s.toggleErrors, [iface]: result.error.message } }));
      return;
    }
    // Shown at once; the next tick (taken by the host right after) says the same.
    set((s) => ({
      snapshot:
        s.snapshot === null
          ? null
          : {
              ...s.snapshot,
              interfaces: s.snapshot.interfaces.map((i) => {
                if (i.name !== iface) return i;
                const { remembered, ...rest } = i;
                return remembered === undefined ? i : rest;
              }),
            },
    }));
  },

  setSettings(patch) {
    const settings = { ...get().settings, ...patch };
    saveSettings(settings);
    set({ settings });
  },

  setStatus(status) {
    set({ status });
  },

  attach(api) {
    return attachApi(get, set, api);
  },

  load() {
    return loadAll(get, set);
  },

  async configureMonitor(patch) {
    const result = await call(get().api, 'monitor:configure', patch);
    if (result.ok) set({ monitor: result.value });
    else set({ notice: result.error.message });
  },

  dismissNotice() {
    set({ notice: null });
  },

  ...sessionActions(get, set),
}));

/** Puts the store back to its initial data (tests, and a page that detaches its host). */
export function resetSubflowStore(): void {
  held = null;
  useSubflowStore.setState(initialData());
}
