// The application menu as data (pure): File (record, export, open a session), View (setup,
// the notification setting, zoom), Help (about). Labels follow the state they toggle.
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do. */
export interface MenuActions {
  toggleRecording(): void;
  exportReport(): void;
  openSession(): void;
  openSetup(): void;
  setNotifications(on: boolean): void;
}

/** The state the menu shows. */
export interface MenuState {
  readonly recording: boolean;
  readonly notifications: boolean;
  /** Offer the developer tools (a checkout, not a package). */
  readonly devTools: boolean;
}

export function menuTemplate(actions: MenuActions, state: MenuState): MenuItemConstructorOptions[] {
  return [
    {
      label: '&File',
      submenu: [
        {
          id: 'record',
          label: state.recording ? 'Stop &Recording' : 'Start &Recording',
          accelerator: 'CmdOrCtrl+R',
          click: () => {
            actions.toggleRecording();
          },
        },
        {
          id: 'export-report',
          label: '&Export Report…',
          accelerator: 'CmdOrCtrl+E',
          click: () => {
            actions.exportReport();
          },
        },
        {
          id: 'open-session',
          label: '&Open Session…',
          accelerator: 'CmdOrCtrl+O',
          click: () => {
            actions.openSession();
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        {
          id: 'setup',
          label: '&Setup (Doctor)',
          click: () => {
            actions.openSetup();
          },
        },
        {
          id: 'notifications',
          label: '&Notify About Failovers',
          type: 'checkbox',
          checked: state.notifications,
          click: (item) => {
            actions.setNotifications(item.checked);
          },
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(state.devTools
          ? [
              { type: 'separator' as const },
              { role: 'reload' as const },
              { role: 'toggleDevTools' as const },
            ]
          : []),
      ],
    },
    { label: '&Help', submenu: [{ role: 'about', label: '&About Subflow' }] },
  ];
}
