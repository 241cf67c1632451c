// What the menu's items do, against the Host and a few window calls main provides: recording
// starts and stops through the Host, "Export report" writes an HTML report of the session being
// replayed (else the newest one) and shows where, "Open session" and "Setup" take the dashboard
// to its sessions and setup views. The menu is rebuilt when the recording state changes.
import type { MenuItemConstructorOptions } from 'electron';
import type { Host } from '../host/host.js';
import type { MenuState } from './menu-template.js';
import { menuTemplate } from './menu-template.js';

/** Renderer views the menu opens (hash routes of dist/renderer/index.html). */
export const RENDERER_ROUTES = { sessions: '#/sessions', setup: '#/setup' } as const;

/** The window-side calls of the menu. */
export interface MenuUi {
  setMenu(template: MenuItemConstructorOptions[]): void;
  /** Shows a dashboard view (a hash route). */
  navigate(hash: string): void;
  showError(title: string, message: string): void;
  /** Shows a file that was written (opens its folder). */
  reveal(path: string): void;
  /** The notification setting changed (to be saved). */
  setNotifications(on: boolean): void;
}

/** The menu's state holder: call `start()` once, `stop()` on quit. */
export interface MenuController {
  start(): Promise<void>;
  stop(): void;
  readonly state: MenuState;
  /** Runs the export action (also used by tests). */
  exportReport(): Promise<void>;
  toggleRecording(): Promise<void>;
}

export function createMenuController(
  host: Host,
  ui: MenuUi,
  initial: { notifications: boolean; devTools: boolean },
): MenuController {
  let state: MenuState = { recording: false, ...initial };
  let unsubscribe: () => void = () => undefined;
  const render = () => {
    ui.setMenu(menuTemplate(actions, state));
  };
  const update = (change: Partial<MenuState>) => {
    const next = { ...state, ...change };
    if (next.recording === state.recording && next.notifications === state.notifications) return;
    state = next;
    render();
  };

  const toggleRecording = async () => {
    const result = await host.invoke(
      state.recording ? 'record:stop' : 'record:start',
      {},
      'desktop',
    );
    if (result.ok) update({ recording: result.value.active });
    else ui.showError('Recording', result.error.message);
  };

  const exportReport = async () => {
    const playback = await host.invoke('playback:get', {});
    let session: string | undefined;
    if (playback.ok && playback.value.mode === 'replay') session = playback.value.session.id;
    if (session === undefined) {
      const sessions = await host.invoke('sessions:list', {});
      if (!sessions.ok) {
        ui.showError('Export report', sessions.error.message);
        return;
      }
      session = sessions.value[0]?.id;
    }
    if (session === undefined) {
      ui.showError(
        'Export report',
        'There is no recorded session yet: start one with File › Start Recording.',
      );
      return;
    }
    const report = await host.invoke('report:export', { session, format: 'html' });
    if (report.ok) ui.reveal(report.value.path);
    else ui.showError('Export report', report.error.message);
  };

  const actions = {
    toggleRecording: () => void toggleRecording(),
    exportReport: () => void exportReport(),
    openSession: () => {
      ui.navigate(RENDERER_ROUTES.sessions);
    },
    openSetup: () => {
      ui.navigate(RENDERER_ROUTES.setup);
    },
    setNotifications: (on: boolean) => {
      update({ notifications: on });
      ui.setNotifications(on);
    },
  };

  return {
    async start() {
      render();
      unsubscribe = host.subscribe((push) => {
        if (push.name === 'onRecording') update({ recording: push.payload.active });
      });
      const status = await host.invoke('record:status', {});
      if (status.ok) update({ recording: status.value.active });
    },
    stop() {
      unsubscribe();
    },
    get state() {
      return state;
    },
    exportReport,
    toggleRecording,
  };
}
